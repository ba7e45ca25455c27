import { Injectable } from '@nestjs/common';
import { recentWindows } from '../commitments/rules/reliability';
import { localDate } from '../common/time-zone';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { AccessService, Resource } from '../access/access.service';
import { Actor, ClientActor, RequestActor, seesWholeOrganization } from '../auth/actor';
import { IfMatch, VersionedTarget } from '../common/concurrency';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import { CouplesRepository } from '../couples/couples.repository';
import { Transactions } from '../database/transactions';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import type { EnrollmentEventType } from '../enrollments/dto/enrollment-event.dto';
import { BoundariesRepository, Recorder } from './boundaries.repository';
import { BoundaryAgreementRecord } from './boundary-agreement.entity';
import { BoundaryTimeline } from './boundary-timeline';
import { Boundary } from './boundary.entity';
import { BoundaryDto, BreachCountsDto, ByWhomDto, CreateBoundaryDto, ListBoundariesQueryDto, toBoundaryDto, toByWhomDto, UpdateBoundaryDto } from './dto/boundary.dto';
import { BoundaryAction, BoundaryRefusal, BoundaryState, decideBoundary } from './rules/boundary-state';

type BoundaryChanges = Parameters<BoundariesRepository['update']>[1];

/** The timeline event of each action that changed a boundary. */
const EVENT_OF = {
  agree: 'boundary_agreed',
  withdraw: 'boundary_agreement_withdrawn',
  revise: 'boundary_revised',
  retire: 'boundary_retired',
} as const satisfies Record<BoundaryAction['type'], EnrollmentEventType>;

export const recorderOf = (actor: RequestActor): Recorder => ({ type: actor.kind, id: actor.id });

/** The refusals of `decideBoundary` as problems: NOT_A_PARTNER is a 404, the others 409. */
export function boundaryRefusal(refusal: BoundaryRefusal): DomainError {
  const code = { NOT_A_PARTNER: ErrorCode.NotAPartner, RETIRED: ErrorCode.BoundaryRetired, ALREADY_RETIRED: ErrorCode.BoundaryAlreadyRetired }[refusal.code];
  return new DomainError(code, refusal.detail);
}

/** A partner named in a body must be one of the couple's two (404 NOT_A_PARTNER otherwise). */
export function requirePartner(boundary: Pick<Boundary, 'partnerAId' | 'partnerBId'>, partnerId: string, field: string): string {
  const id = partnerId.toLowerCase();
  if (id !== boundary.partnerAId && id !== boundary.partnerBId) {
    throw new DomainError(ErrorCode.NotAPartner, `The client in ${field} is not a partner of the boundary’s couple.`);
  }
  return id;
}

const byWhomColumns = (by: ByWhomDto, boundary: Pick<Boundary, 'partnerAId' | 'partnerBId'>, field: string) => ({
  proposedByType: by.type,
  proposedByPartnerId: by.type === 'partner' ? requirePartner(boundary, by.id, `${field}.id`) : null,
});

/**
 * Boundaries a couple agrees on: proposed until both partners agree to the current version, then
 * agreed; retired is final. Who reaches one: as for its couple (care team; the whole organization
 * for owners, admins and API keys). The text is client data: it reaches no log, audit event or
 * timeline entry.
 */
@Injectable()
export class BoundariesService {
  constructor(
    private readonly db: Transactions,
    private readonly access: AccessService,
    private readonly repository: BoundariesRepository,
    private readonly couples: CouplesRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly timeline: BoundaryTimeline,
  ) {}

  async list(actor: Actor, query: ListBoundariesQueryDto): Promise<Page<BoundaryDto>> {
    const qb = this.repository.listQuery({
      organizationId: actor.organizationId,
      caseloadOf: seesWholeOrganization(actor) ? undefined : actor.id,
      coupleId: query.coupleId,
      status: query.status,
    });
    const page = await paginate(qb, query);
    return { data: await this.toDtos(actor.organizationId, page.data), nextCursor: page.nextCursor };
  }

  /** A client's boundaries in the portal: those of the couples they are a partner in. */
  async listShared(client: ClientActor, page: PageQueryDto): Promise<Page<BoundaryDto>> {
    const found = await paginate(this.repository.listQuery({ organizationId: client.organizationId, sharedWith: client.id }), page);
    return { data: await this.toDtos(client.organizationId, found.data), nextCursor: found.nextCursor };
  }

  async get(actor: RequestActor, id: string): Promise<BoundaryDto> {
    await this.access.require(actor, Resource.Boundary, [id]);
    return this.read(actor.organizationId, id);
  }

  async create(actor: Actor, dto: CreateBoundaryDto): Promise<BoundaryDto> {
    await this.access.require(actor, Resource.Couple, [dto.coupleId]);
    return this.db.run(async () => {
      const couple = await this.couples.findPartners(actor.organizationId, dto.coupleId);
      if (!couple) throw DomainError.notFound('Couple');
      if (couple.archivedAt) throw new DomainError(ErrorCode.SubjectArchived, 'The couple is archived; restore it before proposing a boundary for it.');
      const proposer = byWhomColumns(dto.proposedBy, couple, 'proposedBy');
      const id = await this.repository.insert(actor.organizationId, {
        coupleId: dto.coupleId.toLowerCase(),
        partnerAId: couple.partnerAId,
        partnerBId: couple.partnerBId,
        ...proposer,
        recordedByType: actor.kind,
        recordedById: actor.id,
        text: dto.text,
        currentVersion: 1,
        status: 'proposed',
        retiredAt: null,
        archivedAt: null,
      });
      await this.repository.insertVersion({ organizationId: actor.organizationId, boundaryId: id, number: 1, text: dto.text, ...proposer, recordedByType: actor.kind, recordedById: actor.id });
      const boundary = { organizationId: actor.organizationId, id, coupleId: dto.coupleId.toLowerCase() };
      await this.timeline.record(actor, boundary, 'boundary_proposed', {
        boundaryVersion: 1,
        proposedBy: toByWhomDto(proposer.proposedByType, proposer.proposedByPartnerId),
      });
      return this.read(actor.organizationId, id);
    });
  }

  /** A revision (`text`) or retirement (`status: retired`), one at a time, under If-Match. */
  async update(actor: Actor, id: string, dto: UpdateBoundaryDto, ifMatch?: IfMatch): Promise<BoundaryDto> {
    if (dto.text !== undefined && dto.status !== undefined) {
      throw DomainError.validation([{ field: 'status', message: 'revise the text or retire the boundary, not both at once' }]);
    }
    if (dto.proposedBy !== undefined && dto.text === undefined) {
      throw DomainError.validation([{ field: 'proposedBy', message: 'is only given with a new text' }]);
    }
    await this.access.require(actor, Resource.Boundary, [id]);
    const target = this.target(actor, id, ifMatch);
    return this.db.run(async () => {
      const boundary = await this.repository.lock(target);
      if (dto.text !== undefined) await this.revise(actor, boundary, dto.text, dto.proposedBy ?? { type: 'practitioner' });
      if (dto.status === 'retired') await this.decide(actor, boundary, { type: 'retire' });
      return this.read(actor.organizationId, id);
    });
  }

  async agree(actor: RequestActor, id: string, partnerId: string): Promise<BoundaryDto> {
    return this.changeAgreement(actor, id, { type: 'agree', partnerId });
  }

  async withdraw(actor: RequestActor, id: string, partnerId: string): Promise<BoundaryDto> {
    return this.changeAgreement(actor, id, { type: 'withdraw', partnerId });
  }

  async archive(actor: Actor, id: string, ifMatch?: IfMatch): Promise<BoundaryDto> {
    await this.access.require(actor, Resource.Boundary, [id]);
    return this.db.run(async () => {
      await this.repository.archive(this.target(actor, id, ifMatch));
      return this.read(actor.organizationId, id);
    });
  }

  async restore(actor: Actor, id: string, ifMatch?: IfMatch): Promise<BoundaryDto> {
    await this.access.require(actor, Resource.Boundary, [id]);
    return this.db.run(async () => {
      await this.repository.restore(this.target(actor, id, ifMatch));
      return this.read(actor.organizationId, id);
    });
  }

  async read(organizationId: string, id: string): Promise<BoundaryDto> {
    const boundary = await this.repository.findById(organizationId, id);
    if (!boundary) throw DomainError.notFound('Boundary');
    return (await this.toDtos(organizationId, [boundary]))[0];
  }

  private target(actor: RequestActor, id: string, ifMatch?: IfMatch): VersionedTarget {
    return { resource: 'Boundary', organizationId: actor.organizationId, id, ifMatch };
  }

  private async changeAgreement(actor: RequestActor, id: string, action: Extract<BoundaryAction, { type: 'agree' | 'withdraw' }>): Promise<BoundaryDto> {
    await this.access.require(actor, Resource.Boundary, [id]);
    return this.db.run(async () => {
      const boundary = await this.repository.lock(this.target(actor, id));
      await this.decide(actor, boundary, action);
      return this.read(actor.organizationId, id);
    });
  }

  private async revise(actor: RequestActor, boundary: Boundary, text: string, proposedBy: ByWhomDto): Promise<void> {
    const proposer = byWhomColumns(proposedBy, boundary, 'proposedBy');
    await this.decide(actor, boundary, { type: 'revise', text }, async (state) => {
      const by = recorderOf(actor);
      await this.repository.insertVersion({
        organizationId: boundary.organizationId,
        boundaryId: boundary.id,
        number: state.version,
        text,
        ...proposer,
        recordedByType: by.type,
        recordedById: by.id,
      });
      return { text, currentVersion: state.version, ...proposer };
    });
  }

  /**
   * Runs one action through `decideBoundary` on the locked boundary and, when it changes anything,
   * writes the rows it owns (an agreement, a version: `write` returns the boundary's own column
   * changes), the boundary once (a new version even when only its rows changed), and the event.
   */
  private async decide(
    actor: RequestActor,
    boundary: Boundary,
    action: BoundaryAction,
    write: (state: BoundaryState) => Promise<BoundaryChanges> = async () => ({}),
  ): Promise<void> {
    const agreements = await this.repository.standingAgreements(boundary.organizationId, [boundary.id]);
    const decision = decideBoundary(stateOf(boundary, agreements), action);
    if (!decision.ok) throw boundaryRefusal(decision.refusal);
    if (!decision.changed) return;
    const { state } = decision;
    const by = recorderOf(actor);
    const partnerId = 'partnerId' in action ? action.partnerId.toLowerCase() : undefined;
    if (action.type === 'agree') await this.repository.insertAgreement(boundary.organizationId, boundary.id, state.version, partnerId!, by);
    if (action.type === 'withdraw') await this.repository.withdrawAgreement(boundary.organizationId, boundary.id, state.version, partnerId!, by);
    const changes: BoundaryChanges = { ...(await write(state)) };
    if (state.status !== boundary.status) changes.status = state.status;
    if (state.status === 'retired') changes.retiredAt = () => 'now()';
    const target = this.target(actor, boundary.id);
    await (Object.keys(changes).length > 0 ? this.repository.update(target, changes) : this.repository.touch(target));
    const data = { boundaryVersion: state.version, boundaryStatus: state.status, ...(partnerId ? { partnerId } : {}) };
    await this.timeline.record(actor, boundary, EVENT_OF[action.type], data);
  }

  /** Versions, agreements and breach counts for a page of boundaries: four queries, whatever the page size. */
  private async toDtos(organizationId: string, boundaries: Boundary[]): Promise<BoundaryDto[]> {
    if (boundaries.length === 0) return [];
    const ids = boundaries.map((b) => b.id);
    // One after the other: inside a transaction they share one connection.
    const versions = await this.repository.versionsOf(organizationId, ids);
    const agreements = await this.repository.standingAgreements(organizationId, ids);
    const timeZone = await this.organizations.timeZoneOf(organizationId);
    const counts = await this.repository.breachCounts(organizationId, { boundaryIds: ids }, recentWindows(localDate(new Date(), timeZone)), timeZone);
    return boundaries.map((b) => {
      const byPartner = [b.partnerAId, b.partnerBId].map((partnerId) => {
        const row = counts.find((c) => c.boundaryId === b.id && c.partnerId === partnerId);
        return { partnerId, last30Days: row?.last30Days ?? 0, last90Days: row?.last90Days ?? 0 };
      });
      const breachCounts: BreachCountsDto = {
        last30Days: byPartner.reduce((sum, p) => sum + p.last30Days, 0),
        last90Days: byPartner.reduce((sum, p) => sum + p.last90Days, 0),
        byPartner,
      };
      return toBoundaryDto(
        b,
        versions.filter((v) => v.boundaryId === b.id),
        agreements.filter((a) => a.boundaryId === b.id),
        breachCounts,
      );
    });
  }
}

/** The rules' view of a stored boundary and its standing agreements. */
export function stateOf(boundary: Boundary, agreements: BoundaryAgreementRecord[]): BoundaryState {
  return {
    status: boundary.status,
    version: boundary.currentVersion,
    text: boundary.text,
    partnerIds: [boundary.partnerAId, boundary.partnerBId],
    agreements: agreements.map((a) => ({ partnerId: a.partnerId, version: a.boundaryVersion })),
  };
}
