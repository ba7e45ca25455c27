import { Injectable } from '@nestjs/common';
import { AccessService, Resource } from '../access/access.service';
import { Actor, ClientActor, seesWholeOrganization } from '../auth/actor';
import { ClientsRepository } from '../clients/clients.repository';
import { IfMatch } from '../common/concurrency';
import { Page } from '../common/pagination';
import { CouplesRepository } from '../couples/couples.repository';
import { Transactions } from '../database/transactions';
import { isUniqueViolation } from '../database/unique-violation';
import { DomainError } from '../errors/domain-error';
import { Program } from '../programs/program.entity';
import { ProgramsService } from '../programs/programs.service';
import {
  CreateEnrollmentDto,
  EnrollmentDto,
  ListEnrollmentEventsQueryDto,
  ListEnrollmentsQueryDto,
  MoveStepDto,
  TickPracticeDto,
  toEnrollmentDto,
  UpdateEnrollmentDto,
} from './dto/enrollment.dto';
import { EnrollmentEventDto, toEnrollmentEventDto } from './dto/enrollment-event.dto';
import { EnrollmentEventsRepository } from './enrollment-events.repository';
import {
  allStepsCompleted,
  EnrollmentTarget,
  enrollmentExists,
  enrollmentTargetOf,
  requireActive,
  requireEnrollable,
  requirePractice,
  stepDefinitionOf,
  stepMoveData,
  tickEventOf,
  tickViewpoints,
} from './enrollment-rules';
import { EnrollmentSubject, EnrollmentTimeline, timelineActorOf } from './enrollment-timeline';
import { Enrollment } from './enrollment.entity';
import { EnrollmentRow, EnrollmentsRepository } from './enrollments.repository';
import { decideStatusChange, decideStepMove } from './step-transitions';

/** The open-enrollment indexes: a second active or paused enrollment per subject and program key. */
const OPEN_INDEXES = ['enrollments_open_couple_key', 'enrollments_open_client_key'];

@Injectable()
export class EnrollmentsService {
  constructor(
    private readonly db: Transactions,
    private readonly access: AccessService,
    private readonly enrollments: EnrollmentsRepository,
    private readonly timelineEvents: EnrollmentEventsRepository,
    private readonly timeline: EnrollmentTimeline,
    private readonly programs: ProgramsService,
    private readonly clients: ClientsRepository,
    private readonly couples: CouplesRepository,
  ) {}

  async list(actor: Actor, query: ListEnrollmentsQueryDto): Promise<Page<EnrollmentDto>> {
    const { coupleId, clientId, status, programId, programKey } = query;
    const caseloadOf = seesWholeOrganization(actor) ? undefined : actor.id;
    const page = await this.enrollments.page(actor.organizationId, { caseloadOf, coupleId, clientId, status, programId, programKey }, query);
    return { data: await this.toDtos(page.data), nextCursor: page.nextCursor };
  }

  /** A client's programs in the portal: their own enrollments and their couples', open ones first seen. */
  async listOfClient(client: ClientActor, coupleIds: string[]): Promise<EnrollmentDto[]> {
    const found: EnrollmentRow[] = [];
    for (const filter of [{ clientId: client.id }, ...coupleIds.map((coupleId) => ({ coupleId }))]) {
      found.push(...(await this.enrollments.page(client.organizationId, filter, { limit: 100 })).data);
    }
    return this.toDtos(found);
  }

  /** The access check and the read in one statement: out of reach reads as missing, a 404 either way. */
  async get(actor: Actor, id: string): Promise<EnrollmentDto> {
    const reach = this.access.reachSql(actor, Resource.Enrollment, 'e', '$1', '$3');
    const enrollment = await this.enrollments.findWithChildren(actor.organizationId, id, reach ? { sql: reach, userId: actor.id } : undefined);
    if (!enrollment) throw this.access.notFound(Resource.Enrollment);
    return (await this.toDtos([enrollment]))[0];
  }

  async create(actor: Actor, dto: CreateEnrollmentDto): Promise<EnrollmentDto> {
    const target = enrollmentTargetOf(dto);
    await this.access.require(actor, target.kind === 'couple' ? Resource.Couple : Resource.Client, [target.id]);
    await this.access.require(actor, Resource.Program, [dto.programId]);
    const organizationId = actor.organizationId;
    return this.db.run(async () => {
      const program = await this.programs.find(organizationId, dto.programId);
      requireEnrollable(target, await this.stateOf(organizationId, target));
      const subject = target.kind === 'couple' ? { coupleId: target.id } : { clientId: target.id };
      const [open] = await this.enrollments.findOpen(organizationId, subject, program.key);
      if (open) throw enrollmentExists(target.kind, open.id);
      const enrollment = await this.insert(organizationId, program, target);
      const created = await this.enrollments.insertSteps(organizationId, enrollment.id, program.steps.map((step) => step.key));
      await this.timeline.append({
        organizationId,
        enrollmentId: enrollment.id,
        type: 'enrollment_created',
        actor: timelineActorOf(actor),
        data: { programKey: program.key, programVersion: program.programVersion, subject: { type: target.kind, id: target.id } },
      });
      return (await this.toDtos([created]))[0];
    });
  }

  async update(actor: Actor, id: string, dto: UpdateEnrollmentDto, ifMatch?: IfMatch): Promise<EnrollmentDto> {
    await this.access.require(actor, Resource.Enrollment, [id]);
    const organizationId = actor.organizationId;
    return this.db.run(async () => {
      const enrollment = await this.enrollments.lock(organizationId, id, ifMatch);
      const steps = await this.enrollments.stepsOf(organizationId, [id]);
      if (!decideStatusChange(enrollment.status, dto.status, allStepsCompleted(steps))) return this.read(organizationId, id);
      const changed = await this.enrollments.setStatus(organizationId, id, dto.status);
      await this.timeline.append({
        organizationId,
        enrollmentId: id,
        type: 'status_changed',
        actor: timelineActorOf(actor),
        data: { from: enrollment.status, to: dto.status },
      });
      return (await this.toDtos([changed]))[0];
    });
  }

  async moveStep(actor: Actor, id: string, stepKey: string, dto: MoveStepDto, ifMatch?: IfMatch): Promise<EnrollmentDto> {
    await this.access.require(actor, Resource.Enrollment, [id]);
    const organizationId = actor.organizationId;
    return this.db.run(async () => {
      const enrollment = await this.enrollments.lock(organizationId, id, ifMatch);
      stepDefinitionOf((await this.programOf(enrollment)).steps, stepKey);
      requireActive(enrollment.status);
      const step = await this.enrollments.findStep(organizationId, id, stepKey);
      const { reason, note } = dto;
      const move = decideStepMove(step.status, dto.status, reason);
      await this.enrollments.moveStep(organizationId, id, stepKey, move);
      await this.timeline.append({
        organizationId,
        enrollmentId: id,
        type: move,
        stepKey,
        actor: timelineActorOf(actor),
        data: stepMoveData(step.status, dto.status, reason, note),
      });
      return (await this.toDtos([await this.enrollments.touch(organizationId, id)]))[0];
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
    await this.access.require(actor, Resource.Enrollment, [id]);
    const organizationId = actor.organizationId;
    return this.db.run(async () => {
      const enrollment = await this.enrollments.lock(organizationId, id, ifMatch);
      requirePractice(stepDefinitionOf((await this.programOf(enrollment)).steps, stepKey), practiceKey);
      requireActive(enrollment.status);
      const viewpoints = await this.viewpointsOf(enrollment);
      const clientIds = tickViewpoints(viewpoints, dto.partnerIds, enrollment.coupleId !== null);
      const target = { organizationId, enrollmentId: id, stepKey, practiceKey, clientIds };
      const changed = dto.done
        ? await this.enrollments.insertTicks(target, { type: actor.kind, id: actor.id })
        : await this.enrollments.deleteTicks(target);
      const event = tickEventOf(dto.done, viewpoints, changed, dto.note);
      if (!event) return this.read(organizationId, id);
      await this.timeline.append({ organizationId, enrollmentId: id, stepKey, practiceKey, actor: timelineActorOf(actor), ...event });
      return (await this.toDtos([await this.enrollments.touch(organizationId, id)]))[0];
    });
  }

  /**
   * The access check rides in the page's statement: a page with events proves the enrollment is in
   * reach; only an empty page asks whether it is (404 when not, as for any record out of reach).
   */
  async events(actor: Actor, id: string, query: ListEnrollmentEventsQueryDto): Promise<Page<EnrollmentEventDto>> {
    const reach = this.access.reachSql(actor, Resource.Enrollment, 'e', '$1', '$3');
    const page = await this.timelineEvents.page(actor.organizationId, id, { type: query.type }, query, reach ? { sql: reach, userId: actor.id } : undefined);
    if (page.data.length === 0) await this.access.require(actor, Resource.Enrollment, [id]);
    return { data: page.data.map(toEnrollmentEventDto), nextCursor: page.nextCursor };
  }

  /** Whether the subject exists and is archived, from the feature that owns it. */
  private stateOf(organizationId: string, target: EnrollmentTarget): Promise<{ archivedAt: Date | null } | null> {
    return target.kind === 'couple' ? this.couples.findPartners(organizationId, target.id) : this.clients.findState(organizationId, target.id);
  }

  private async insert(organizationId: string, program: Program, target: EnrollmentTarget): Promise<Enrollment> {
    try {
      return await this.enrollments.insert({
        organizationId,
        programId: program.id,
        programKey: program.key,
        programVersion: program.programVersion,
        coupleId: target.kind === 'couple' ? target.id : null,
        clientId: target.kind === 'client' ? target.id : null,
      });
    } catch (error) {
      // A concurrent request enrolled the subject between the check and the insert.
      if (OPEN_INDEXES.some((index) => isUniqueViolation(error, index))) throw enrollmentExists(target.kind);
      throw error;
    }
  }

  private programOf(enrollment: Enrollment): Promise<Program> {
    return this.programs.find(enrollment.organizationId, enrollment.programId);
  }

  /** Whose viewpoints an enrollment has: both partners of its couple, or its client. */
  private async viewpointsOf(enrollment: Enrollment): Promise<string[]> {
    if (!enrollment.coupleId) return [enrollment.clientId!];
    const couple = await this.couples.findPartners(enrollment.organizationId, enrollment.coupleId);
    if (!couple) throw DomainError.notFound('Couple');
    return [couple.partnerAId, couple.partnerBId];
  }

  /**
   * The enrollment a subject's report is about: its open one (the oldest, when several programs are
   * open), else the one it started last; null when it was never enrolled. The caller checked access
   * to the subject.
   */
  async currentOf(organizationId: string, subject: EnrollmentSubject): Promise<EnrollmentDto | null> {
    const [open] = await this.enrollments.findOpen(organizationId, subject);
    const enrollment = open ?? (await this.enrollments.latestOf(organizationId, subject));
    return enrollment ? this.read(organizationId, enrollment.id) : null;
  }

  /** The enrollment as it now is, with its steps and ticks (one statement; its program from the cache). */
  private async read(organizationId: string, id: string): Promise<EnrollmentDto> {
    const enrollment = await this.enrollments.findWithChildren(organizationId, id);
    if (!enrollment) throw DomainError.notFound('Enrollment');
    return (await this.toDtos([enrollment]))[0];
  }

  /** Enrollment rows with their programs: program versions never change, so after the first read they come from memory. */
  private async toDtos(enrollments: EnrollmentRow[]): Promise<EnrollmentDto[]> {
    if (enrollments.length === 0) return [];
    const programs = await this.programs.findAll(enrollments[0].organizationId, [...new Set(enrollments.map((e) => e.programId))]);
    const programById = new Map(programs.map((p) => [p.id, p]));
    return enrollments.map((e) => toEnrollmentDto(e, programById.get(e.programId)!));
  }
}
