import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AccessService, Resource } from '../access/access.service';
import { clientInCaseloadSql, coupleInCaseloadSql } from '../access/caseload';
import { Actor, seesWholeOrganization } from '../auth/actor';
import { CLIENTS } from '../clients/clients.service';
import { IfMatch, lockVersioned, updateVersioned } from '../common/concurrency';
import { Page, paginate } from '../common/pagination';
import { COUPLES } from '../couples/couples.service';
import { isUniqueViolation } from '../database/unique-violation';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { Program } from '../programs/program.entity';
import { PROGRAMS, ProgramsService } from '../programs/programs.service';
import {
  CreateEnrollmentDto,
  EnrollmentDto,
  EnrollmentEventDto,
  ListEnrollmentEventsQueryDto,
  ListEnrollmentsQueryDto,
  MoveStepDto,
  TickPracticeDto,
  UpdateEnrollmentDto,
} from './dto/enrollment.dto';
import { EnrollmentEvent } from './enrollment-event.entity';
import { EnrollmentPracticeTick } from './enrollment-practice-tick.entity';
import { EnrollmentStep } from './enrollment-step.entity';
import { EnrollmentTimeline, timelineActorOf } from './enrollment-timeline';
import { Enrollment } from './enrollment.entity';
import { decideStatusChange, decideStepMove, progressOf } from './step-transitions';
import { Transactions } from '../database/transactions';

export const ENROLLMENTS = Resource.Enrollment;

/** An enrollment is in a practitioner's reach when its subject (couple or client) is in their caseload. */
function enrollmentInCaseloadSql(alias: string, organizationId: string, userId: string): string {
  return (
    `((${alias}.couple_id IS NOT NULL AND ${coupleInCaseloadSql(`${alias}.couple_id`, organizationId, userId)})` +
    ` OR (${alias}.client_id IS NOT NULL AND ${clientInCaseloadSql(`${alias}.client_id`, organizationId, userId)}))`
  );
}

const OPEN_INDEXES = ['enrollments_open_couple_key', 'enrollments_open_client_key'];

export function toEnrollmentEventDto(event: EnrollmentEvent): EnrollmentEventDto {
  return {
    id: event.id,
    enrollmentId: event.enrollmentId,
    type: event.type,
    occurredAt: event.occurredAt,
    createdAt: event.createdAt,
    stepKey: event.stepKey,
    practiceKey: event.practiceKey,
    actor: { type: event.actorType, id: event.actorId },
    data: event.data,
    source: event.sourceType && event.sourceId ? { type: event.sourceType, id: event.sourceId } : null,
    updatedAt: event.createdAt,
    version: 1,
  };
}

@Injectable()
export class EnrollmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly db: Transactions,
    private readonly access: AccessService,
    private readonly programs: ProgramsService,
    private readonly timeline: EnrollmentTimeline,
  ) {}

  async list(actor: Actor, query: ListEnrollmentsQueryDto): Promise<Page<EnrollmentDto>> {
    const qb = this.dataSource
      .getRepository(Enrollment)
      .createQueryBuilder('enrollment')
      .where('enrollment.organizationId = :organizationId', { organizationId: actor.organizationId });
    if (!seesWholeOrganization(actor)) {
      qb.andWhere(enrollmentInCaseloadSql('enrollment', ':organizationId', ':actorId'), { actorId: actor.id });
    }
    if (query.coupleId) qb.andWhere('enrollment.coupleId = :coupleId', { coupleId: query.coupleId });
    if (query.clientId) qb.andWhere('enrollment.clientId = :clientId', { clientId: query.clientId });
    if (query.status) qb.andWhere('enrollment.status = :status', { status: query.status });
    if (query.programId) qb.andWhere('enrollment.programId = :programId', { programId: query.programId });
    if (query.programKey) qb.andWhere('enrollment.programKey = :programKey', { programKey: query.programKey });
    const page = await paginate(qb, query);
    return { data: await this.toDtos(this.dataSource.manager, page.data), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, id: string): Promise<EnrollmentDto> {
    await this.access.require(actor, ENROLLMENTS, [id]);
    return this.read(this.dataSource.manager, actor.organizationId, id);
  }

  async create(actor: Actor, dto: CreateEnrollmentDto): Promise<EnrollmentDto> {
    if ((dto.coupleId === undefined) === (dto.clientId === undefined)) {
      const message = 'give exactly one of coupleId and clientId';
      throw DomainError.validation([
        { field: 'coupleId', message },
        { field: 'clientId', message },
      ]);
    }
    const subject = dto.coupleId
      ? { kind: 'couple' as const, id: dto.coupleId.toLowerCase(), table: 'couples', label: 'Couple' }
      : { kind: 'client' as const, id: dto.clientId!.toLowerCase(), table: 'clients', label: 'Client' };
    await this.access.require(actor, subject.kind === 'couple' ? COUPLES : CLIENTS, [subject.id]);
    await this.access.require(actor, PROGRAMS, [dto.programId]);
    const organizationId = actor.organizationId;
    return this.db.run(async () => {
      const manager = this.db.manager;
      const program = await this.programs.find(organizationId, dto.programId);
      const [record]: { archived_at: Date | null }[] = await manager.query(
        `SELECT archived_at FROM ${subject.table} WHERE organization_id = $1 AND id = $2`,
        [organizationId, subject.id],
      );
      if (!record) throw DomainError.notFound(subject.label);
      if (record.archived_at) {
        throw new DomainError(ErrorCode.SubjectArchived, `The ${subject.kind} is archived; restore it before enrolling it.`);
      }
      const subjectColumn = subject.kind === 'couple' ? 'couple_id' : 'client_id';
      const [open]: { id: string }[] = await manager.query(
        `SELECT id FROM enrollments WHERE organization_id = $1 AND ${subjectColumn} = $2 AND program_key = $3 AND status IN ('active', 'paused')`,
        [organizationId, subject.id, program.key],
      );
      if (open) throw this.enrollmentExists(subject.kind, open.id);
      let enrollment: Enrollment;
      try {
        enrollment = await manager.save(
          manager.create(Enrollment, {
            organizationId,
            programId: program.id,
            programKey: program.key,
            programVersion: program.programVersion,
            coupleId: subject.kind === 'couple' ? subject.id : null,
            clientId: subject.kind === 'client' ? subject.id : null,
            status: 'active',
            completedAt: null,
          }),
        );
      } catch (error) {
        if (OPEN_INDEXES.some((index) => isUniqueViolation(error, index))) throw this.enrollmentExists(subject.kind);
        throw error;
      }
      await manager.insert(
        EnrollmentStep,
        program.steps.map((step) => ({ organizationId, enrollmentId: enrollment.id, stepKey: step.key, status: 'not_started' as const })),
      );
      await this.timeline.append({
        organizationId,
        enrollmentId: enrollment.id,
        type: 'enrollment_created',
        actor: timelineActorOf(actor),
        data: { programKey: program.key, programVersion: program.programVersion, subject: { type: subject.kind, id: subject.id } },
      });
      return this.read(manager, organizationId, enrollment.id);
    });
  }

  async update(actor: Actor, id: string, dto: UpdateEnrollmentDto, ifMatch?: IfMatch): Promise<EnrollmentDto> {
    await this.access.require(actor, ENROLLMENTS, [id]);
    const organizationId = actor.organizationId;
    return this.db.run(async () => {
      const manager = this.db.manager;
      const enrollment = await this.lock(manager, organizationId, id, ifMatch);
      const steps = await manager.findBy(EnrollmentStep, { organizationId, enrollmentId: id });
      const allCompleted = steps.length > 0 && steps.every((step) => step.status === 'completed');
      if (decideStatusChange(enrollment.status, dto.status, allCompleted)) {
        await updateVersioned(
          manager,
          Enrollment,
          { resource: 'Enrollment', organizationId, id },
          { status: dto.status, ...(dto.status === 'completed' ? { completedAt: () => 'now()' } : {}) },
        );
        await this.timeline.append({
          organizationId,
          enrollmentId: id,
          type: 'status_changed',
          actor: timelineActorOf(actor),
          data: { from: enrollment.status, to: dto.status },
        });
      }
      return this.read(manager, organizationId, id);
    });
  }

  async moveStep(actor: Actor, id: string, stepKey: string, dto: MoveStepDto, ifMatch?: IfMatch): Promise<EnrollmentDto> {
    await this.access.require(actor, ENROLLMENTS, [id]);
    const organizationId = actor.organizationId;
    return this.db.run(async () => {
      const manager = this.db.manager;
      const enrollment = await this.lock(manager, organizationId, id, ifMatch);
      const program = await this.programOf(manager, enrollment);
      if (!program.steps.some((step) => step.key === stepKey)) throw DomainError.notFound('Step');
      this.requireActive(enrollment);
      const step = await manager.findOneByOrFail(EnrollmentStep, { organizationId, enrollmentId: id, stepKey });
      // An explicit null is the same as leaving the field out.
      const reason = dto.reason ?? undefined;
      const note = dto.note ?? undefined;
      const move = decideStepMove(step.status, dto.status, reason);
      const changes =
        move === 'step_started'
          ? { status: 'in_progress' as const, startedAt: () => 'COALESCE(started_at, now())' }
          : move === 'step_completed'
            ? { status: 'completed' as const, completedAt: () => 'now()' }
            : { status: 'in_progress' as const, completedAt: null, setbacks: () => 'setbacks + 1' };
      await manager.update(EnrollmentStep, { organizationId, enrollmentId: id, stepKey }, changes);
      await this.timeline.append({
        organizationId,
        enrollmentId: id,
        type: move,
        stepKey,
        actor: timelineActorOf(actor),
        data: {
          from: step.status,
          to: dto.status,
          ...(reason !== undefined ? { reason } : {}),
          ...(note !== undefined ? { note } : {}),
        },
      });
      await this.touch(manager, organizationId, id);
      return this.read(manager, organizationId, id);
    });
  }

  async tickPractice(
    actor: Actor,
    id: string,
    stepKey: string,
    practiceKey: string,
    dto: TickPracticeDto,
    ifMatch?: IfMatch,
  ): Promise<EnrollmentDto> {
    await this.access.require(actor, ENROLLMENTS, [id]);
    const organizationId = actor.organizationId;
    return this.db.run(async () => {
      const manager = this.db.manager;
      const enrollment = await this.lock(manager, organizationId, id, ifMatch);
      const program = await this.programOf(manager, enrollment);
      const stepDefinition = program.steps.find((step) => step.key === stepKey);
      if (!stepDefinition) throw DomainError.notFound('Step');
      if (!stepDefinition.practices.some((practice) => practice.key === practiceKey)) throw DomainError.notFound('Practice');
      this.requireActive(enrollment);

      const viewpoints = await this.viewpointsOf(manager, enrollment);
      const wanted = [...new Set((dto.partnerIds ?? viewpoints).map((partnerId) => partnerId.toLowerCase()))];
      const strangers = wanted.filter((partnerId) => !viewpoints.includes(partnerId));
      if (strangers.length > 0) {
        throw DomainError.validation([
          {
            field: 'partnerIds',
            message: enrollment.coupleId ? 'must be partners of the enrolled couple' : 'must be the enrolled client',
          },
        ]);
      }
      const rows: { client_id: string }[] = dto.done
        ? await manager.query(
            `INSERT INTO enrollment_practice_ticks (organization_id, enrollment_id, step_key, practice_key, client_id, ticked_by_type, ticked_by_id)
             SELECT $1, $2, $3, $4, partner, $6, $7 FROM unnest($5::uuid[]) AS partner
             ON CONFLICT DO NOTHING RETURNING client_id`,
            [organizationId, id, stepKey, practiceKey, wanted, actor.kind, actor.id],
          )
        : (
            await manager.query(
              `DELETE FROM enrollment_practice_ticks
                WHERE organization_id = $1 AND enrollment_id = $2 AND step_key = $3 AND practice_key = $4 AND client_id = ANY($5::uuid[])
                RETURNING client_id`,
              [organizationId, id, stepKey, practiceKey, wanted],
            )
          )[0];
      const changed = new Set(rows.map((row) => row.client_id));
      const partnerIds = viewpoints.filter((partnerId) => changed.has(partnerId));
      const note = dto.note != null ? { note: dto.note } : {};
      if (partnerIds.length > 0 || dto.note != null) {
        await this.timeline.append({
          organizationId,
          enrollmentId: id,
          type: partnerIds.length === 0 ? 'note_added' : dto.done ? 'practice_ticked' : 'practice_unticked',
          stepKey,
          practiceKey,
          actor: timelineActorOf(actor),
          data: partnerIds.length > 0 ? { partnerIds, ...note } : note,
        });
        await this.touch(manager, organizationId, id);
      }
      return this.read(manager, organizationId, id);
    });
  }

  async events(actor: Actor, id: string, query: ListEnrollmentEventsQueryDto): Promise<Page<EnrollmentEventDto>> {
    await this.access.require(actor, ENROLLMENTS, [id]);
    const qb = this.dataSource
      .getRepository(EnrollmentEvent)
      .createQueryBuilder('event')
      .where('event.organizationId = :organizationId AND event.enrollmentId = :id', { organizationId: actor.organizationId, id });
    if (query.type) qb.andWhere('event.type = :type', { type: query.type });
    const page = await paginate(qb, query);
    return { data: page.data.map(toEnrollmentEventDto), nextCursor: page.nextCursor };
  }

  /**
   * Every write on an enrollment starts here: the enrollment row locked until the transaction ends
   * (concurrent writes on one enrollment take turns), and the If-Match precondition checked.
   */
  private lock(manager: EntityManager, organizationId: string, id: string, ifMatch?: IfMatch): Promise<Enrollment> {
    return lockVersioned(manager, Enrollment, { resource: 'Enrollment', organizationId, id, ifMatch });
  }

  /** A change of steps or ticks is a change of the enrollment: new version and updatedAt, for ETags and sync. */
  private async touch(manager: EntityManager, organizationId: string, id: string): Promise<void> {
    await updateVersioned(manager, Enrollment, { resource: 'Enrollment', organizationId, id }, {});
  }

  private requireActive(enrollment: Enrollment): void {
    if (enrollment.status !== 'active') {
      throw new DomainError(ErrorCode.EnrollmentNotActive, `The enrollment is ${enrollment.status}; only an active enrollment can progress.`);
    }
  }

  private async programOf(manager: EntityManager, enrollment: Enrollment): Promise<Program> {
    return manager.findOneByOrFail(Program, { id: enrollment.programId });
  }

  /** Whose viewpoints an enrollment has: both partners of its couple, or its client. */
  private async viewpointsOf(manager: EntityManager, enrollment: Enrollment): Promise<string[]> {
    if (!enrollment.coupleId) return [enrollment.clientId!];
    const [couple]: { partner_a_id: string; partner_b_id: string }[] = await manager.query(
      'SELECT partner_a_id, partner_b_id FROM couples WHERE organization_id = $1 AND id = $2',
      [enrollment.organizationId, enrollment.coupleId],
    );
    return [couple.partner_a_id, couple.partner_b_id];
  }

  private enrollmentExists(kind: 'couple' | 'client', existingId?: string): DomainError {
    return new DomainError(ErrorCode.EnrollmentExists, `The ${kind} already has an active or paused enrollment in this program.`, {
      extensions: existingId ? { enrollmentId: existingId } : undefined,
    });
  }

  private async read(manager: EntityManager, organizationId: string, id: string): Promise<EnrollmentDto> {
    const enrollment = await manager.findOneBy(Enrollment, { organizationId, id });
    if (!enrollment) throw DomainError.notFound('Enrollment');
    return (await this.toDtos(manager, [enrollment]))[0];
  }

  /** Programs, steps and ticks for a page of enrollments: three queries, whatever the page or program size. */
  private async toDtos(manager: EntityManager, enrollments: Enrollment[]): Promise<EnrollmentDto[]> {
    if (enrollments.length === 0) return [];
    const organizationId = enrollments[0].organizationId;
    const ids = enrollments.map((e) => e.id);
    // One after the other: inside a transaction they share one connection.
    const programs = await manager.findBy(Program, { id: In([...new Set(enrollments.map((e) => e.programId))]) });
    const steps = await manager.findBy(EnrollmentStep, { organizationId, enrollmentId: In(ids) });
    const ticks = await manager.find(EnrollmentPracticeTick, {
      where: { organizationId, enrollmentId: In(ids) },
      order: { tickedAt: 'ASC', clientId: 'ASC' },
    });
    const programById = new Map(programs.map((p) => [p.id, p]));
    const stepOf = new Map(steps.map((s) => [`${s.enrollmentId}/${s.stepKey}`, s]));
    const ticksOf = new Map<string, EnrollmentPracticeTick[]>();
    for (const tick of ticks) {
      const key = `${tick.enrollmentId}/${tick.stepKey}/${tick.practiceKey}`;
      ticksOf.set(key, [...(ticksOf.get(key) ?? []), tick]);
    }
    return enrollments.map((e) => {
      const program = programById.get(e.programId)!;
      const stepDtos = program.steps.map((definition) => {
        const state = stepOf.get(`${e.id}/${definition.key}`);
        return {
          key: definition.key,
          position: definition.position,
          title: definition.title,
          status: state?.status ?? 'not_started',
          startedAt: state?.startedAt ?? null,
          completedAt: state?.completedAt ?? null,
          setbacks: state?.setbacks ?? 0,
          practices: definition.practices.map((practice) => ({
            key: practice.key,
            title: practice.title,
            ticks: (ticksOf.get(`${e.id}/${definition.key}/${practice.key}`) ?? []).map((tick) => ({
              partnerId: tick.clientId,
              tickedAt: tick.tickedAt,
              tickedBy: { type: tick.tickedByType, id: tick.tickedById },
            })),
          })),
        };
      });
      const { currentStepKey, ...progress } = progressOf(stepDtos);
      return {
        id: e.id,
        organizationId: e.organizationId,
        programId: e.programId,
        programKey: e.programKey,
        programVersion: e.programVersion,
        subject: e.coupleId ? { type: 'couple' as const, id: e.coupleId } : { type: 'client' as const, id: e.clientId! },
        status: e.status,
        startedAt: e.startedAt,
        completedAt: e.completedAt,
        steps: stepDtos,
        currentStepKey,
        progress,
        createdAt: e.createdAt,
        updatedAt: e.updatedAt,
        version: e.version,
      };
    });
  }
}
