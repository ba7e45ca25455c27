import { Injectable } from '@nestjs/common';
import { AccessService, Resource } from '../access/access.service';
import { Actor, ClientActor, RequestActor, seesWholeOrganization } from '../auth/actor';
import { ClientsRepository } from '../clients/clients.repository';
import { DateWindow, daysBetween } from '../common/calendar-date';
import { IfMatch, VersionedTarget } from '../common/concurrency';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import { localDate } from '../common/time-zone';
import { CouplesRepository } from '../couples/couples.repository';
import { Transactions } from '../database/transactions';
import type { EnrollmentEventType } from '../enrollments/dto/enrollment-event.dto';
import { EnrollmentTimeline, timelineActorOf } from '../enrollments/enrollment-timeline';
import { DomainError, FieldError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { Commitment } from './commitment.entity';
import { CommitmentSubject, keyErrors, recipientsFor } from './commitment-terms';
import { CommitmentsRepository, NewCommitment } from './commitments.repository';
import {
  CommitmentDto,
  CreateCommitmentDto,
  ListCommitmentsQueryDto,
  toCommitmentDto,
  UpdateCommitmentDto,
} from './dto/commitment.dto';
import { MAX_OCCURRENCE_WINDOW_DAYS, OccurrenceDto, OccurrenceWindowDto, OccurrenceWindowQueryDto, toOccurrenceDto } from './dto/occurrence.dto';
import { normalizedSchedule } from './dto/schedule.dto';
import { occurrences, occurrenceSpan, Schedule, scheduleErrors } from './rules/schedule';

/** What a new commitment is made of, once its subject and committer are checked. */
export type CommitmentTerms = Pick<NewCommitment, 'coupleId' | 'clientId' | 'committerId' | 'toWhom' | 'description' | 'stepKey' | 'practiceKey' | 'timeZone' | 'previousId'> & {
  schedule: Schedule;
};

/**
 * Commitments: promises a partner makes to the other partner or to the relationship (or a client to
 * themselves), on a schedule of calendar dates in the organization's time zone as it was when the
 * commitment was made. Who reaches one: owners, admins and API keys all of the organization's;
 * practitioners those of the couples and clients in their caseload, as for the subject itself;
 * facilitators none. Outcomes are `CommitmentOutcomes`' part.
 */
@Injectable()
export class CommitmentsService {
  constructor(
    private readonly db: Transactions,
    private readonly access: AccessService,
    private readonly repository: CommitmentsRepository,
    private readonly clients: ClientsRepository,
    private readonly couples: CouplesRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly timeline: EnrollmentTimeline,
  ) {}

  async list(actor: Actor, query: ListCommitmentsQueryDto): Promise<Page<CommitmentDto>> {
    const qb = this.repository.listQuery({
      organizationId: actor.organizationId,
      caseloadOf: seesWholeOrganization(actor) ? undefined : actor.id,
      coupleId: query.coupleId,
      clientId: query.clientId,
      committerId: query.committerId,
    });
    const page = await paginate(qb, query);
    return { data: page.data.map(toCommitmentDto), nextCursor: page.nextCursor };
  }

  /** A client's commitments in the portal: those they made to themselves, and every one between them and their partner. */
  async listShared(client: ClientActor, page: PageQueryDto): Promise<Page<CommitmentDto>> {
    const qb = this.repository.listQuery({ organizationId: client.organizationId, sharedWith: client.id });
    const found = await paginate(qb, page);
    return { data: found.data.map(toCommitmentDto), nextCursor: found.nextCursor };
  }

  async get(actor: RequestActor, id: string): Promise<CommitmentDto> {
    await this.access.require(actor, Resource.Commitment, [id]);
    return this.read(actor.organizationId, id);
  }

  async create(actor: Actor, dto: CreateCommitmentDto): Promise<CommitmentDto> {
    const subject: CommitmentSubject = dto.coupleId ? { kind: 'couple', id: dto.coupleId } : { kind: 'client', id: dto.clientId! };
    const errors = [...scheduleErrors(dto.schedule as Schedule), ...keyErrors(dto.stepKey, dto.practiceKey)];
    if (errors.length > 0) throw DomainError.validation(errors);
    await this.access.require(actor, subject.kind === 'couple' ? Resource.Couple : Resource.Client, [subject.id]);
    return this.db.run(async () => {
      await this.checkCommitter(actor.organizationId, subject, dto.committerId);
      const id = await this.insert(actor, {
        coupleId: subject.kind === 'couple' ? subject.id : null,
        clientId: subject.kind === 'client' ? subject.id : null,
        committerId: dto.committerId,
        toWhom: 'to' in dto ? dto.to : 'self',
        description: dto.description,
        stepKey: dto.stepKey ?? null,
        practiceKey: dto.practiceKey ?? null,
        schedule: normalizedSchedule(dto.schedule),
        timeZone: await this.organizations.timeZoneOf(actor.organizationId),
        previousId: null,
      });
      return this.read(actor.organizationId, id);
    });
  }

  /**
   * Inserts a commitment and puts `commitment_created` on the subject's open enrollments: for a new
   * commitment, and for a renegotiation's new version. The schedule is valid and normalized.
   */
  async insert(actor: RequestActor, terms: CommitmentTerms): Promise<string> {
    const span = occurrenceSpan(terms.schedule);
    const id = await this.repository.insert({
      organizationId: actor.organizationId,
      ...terms,
      firstOn: span.from,
      lastOn: span.to,
      supersededById: null,
      createdByType: actor.kind,
      createdById: actor.id,
      archivedAt: null,
    });
    const created = (await this.repository.find(actor.organizationId, id))!;
    await this.onTimeline(actor, created, 'commitment_created', { commitmentId: id, committerId: created.committerId, previousId: created.previousId });
    return id;
  }

  update(actor: Actor, id: string, dto: UpdateCommitmentDto, ifMatch?: IfMatch): Promise<CommitmentDto> {
    return this.change(actor, id, ifMatch, async (target, current) => {
      const stepKey = dto.stepKey === undefined ? current.stepKey : dto.stepKey;
      // Clearing the step clears its practice, which belongs to it.
      const practiceKey = dto.practiceKey === undefined ? (dto.stepKey === null ? null : current.practiceKey) : dto.practiceKey;
      const errors: FieldError[] = keyErrors(stepKey, practiceKey);
      const allowed = recipientsFor(current.coupleId ? 'couple' : 'client');
      if (dto.to !== undefined && !allowed.includes(dto.to)) errors.push({ field: 'to', message: `must be one of the following values: ${allowed.join(', ')}` });
      if (errors.length > 0) throw DomainError.validation(errors);
      await this.repository.update(target, { description: dto.description, toWhom: dto.to, stepKey, practiceKey });
    });
  }

  archive(actor: Actor, id: string, ifMatch?: IfMatch): Promise<CommitmentDto> {
    return this.change(actor, id, ifMatch, (target) => this.repository.archive(target));
  }

  restore(actor: Actor, id: string, ifMatch?: IfMatch): Promise<CommitmentDto> {
    return this.change(actor, id, ifMatch, (target) => this.repository.restore(target));
  }

  /** Every occurrence in a window of at most 366 days, with what each viewpoint recorded. */
  async occurrences(actor: RequestActor, id: string, window: OccurrenceWindowQueryDto): Promise<OccurrenceWindowDto> {
    const days = daysBetween(window.from, window.to);
    if (days < 0) throw DomainError.validation([{ field: 'to', message: 'must not be before from' }]);
    if (days >= MAX_OCCURRENCE_WINDOW_DAYS) {
      throw DomainError.validation([{ field: 'to', message: `must be less than ${MAX_OCCURRENCE_WINDOW_DAYS} days after from` }]);
    }
    await this.access.require(actor, Resource.Commitment, [id]);
    const commitment = await this.find(actor.organizationId, id);
    const today = localDate(new Date(), commitment.timeZone);
    return {
      commitmentId: id,
      timeZone: commitment.timeZone,
      from: window.from,
      to: window.to,
      today,
      occurrences: await this.occurrencesIn(commitment, window, today),
    };
  }

  /**
   * Every occurrence of a commitment, past and upcoming, with what each viewpoint recorded: for an
   * export, whose caller has checked access to the commitment's subject.
   */
  async everyOccurrence(organizationId: string, id: string): Promise<OccurrenceDto[]> {
    const commitment = await this.find(organizationId, id);
    return this.occurrencesIn(commitment, occurrenceSpan(commitment.schedule), localDate(new Date(), commitment.timeZone));
  }

  private async occurrencesIn(commitment: Commitment, window: DateWindow, today: string): Promise<OccurrenceDto[]> {
    const outcomes = new Map((await this.repository.outcomesBetween(commitment.organizationId, commitment.id, window.from, window.to)).map((o) => [o.occursOn, o]));
    const partnerId = await this.otherPartnerOf(commitment);
    return occurrences(commitment.schedule, window).map((date) => toOccurrenceDto(commitment, date, today, partnerId, outcomes.get(date) ?? null));
  }

  /** The partner who answers the committer's reports: the other one of the couple; none for a client's own commitment. */
  async otherPartnerOf(commitment: Commitment): Promise<string | null> {
    if (!commitment.coupleId) return null;
    const couple = await this.couples.findPartners(commitment.organizationId, commitment.coupleId);
    if (!couple) return null;
    return couple.partnerAId === commitment.committerId ? couple.partnerBId : couple.partnerAId;
  }

  /** Puts an event about the commitment on the open enrollments of its couple or client. */
  async onTimeline(actor: RequestActor, commitment: Commitment, type: EnrollmentEventType, data: Record<string, unknown>): Promise<void> {
    const subject = commitment.coupleId ? { coupleId: commitment.coupleId } : { clientId: commitment.clientId! };
    for (const enrollment of await this.timeline.activeEnrollmentsOf(actor.organizationId, subject)) {
      await this.timeline.append({
        organizationId: actor.organizationId,
        enrollmentId: enrollment.id,
        type,
        actor: timelineActorOf(actor),
        stepKey: commitment.stepKey,
        practiceKey: commitment.practiceKey,
        data,
        source: { type: 'commitment', id: commitment.id },
      });
    }
  }

  async find(organizationId: string, id: string): Promise<Commitment> {
    const commitment = await this.repository.find(organizationId, id);
    if (!commitment) throw DomainError.notFound('Commitment');
    return commitment;
  }

  /** The committer is a partner of the couple, or the client themselves; the subject exists and is not archived. */
  private async checkCommitter(organizationId: string, subject: CommitmentSubject, committerId: string): Promise<void> {
    if (subject.kind === 'couple') {
      const couple = await this.couples.findPartners(organizationId, subject.id);
      if (!couple) throw DomainError.notFound('Couple');
      if (couple.archivedAt) throw new DomainError(ErrorCode.SubjectArchived, 'The couple is archived; restore it before making a commitment for it.');
      if (committerId !== couple.partnerAId && committerId !== couple.partnerBId) {
        throw DomainError.validation([{ field: 'committerId', message: 'must be a partner of the couple' }]);
      }
      return;
    }
    const client = await this.clients.findState(organizationId, subject.id);
    if (!client) throw DomainError.notFound('Client');
    if (client.archivedAt) throw new DomainError(ErrorCode.SubjectArchived, 'The client is archived; restore them before making a commitment for them.');
    if (committerId !== subject.id) throw DomainError.validation([{ field: 'committerId', message: 'must be the client: a client’s own commitment is theirs' }]);
  }

  /** Access check, then the lock, the write and the re-read in one transaction. */
  private async change(
    actor: Actor,
    id: string,
    ifMatch: IfMatch | undefined,
    write: (target: VersionedTarget, current: Commitment) => Promise<unknown>,
  ): Promise<CommitmentDto> {
    await this.access.require(actor, Resource.Commitment, [id]);
    return this.db.run(async () => {
      const current = await this.repository.lock(actor.organizationId, id, ifMatch);
      await write({ resource: 'Commitment', organizationId: actor.organizationId, id, ifMatch }, current);
      return this.read(actor.organizationId, id);
    });
  }

  private async read(organizationId: string, id: string): Promise<CommitmentDto> {
    return toCommitmentDto(await this.find(organizationId, id));
  }
}
