import { Injectable } from '@nestjs/common';
import { AccessService, Resource } from '../access/access.service';
import { RequestActor } from '../auth/actor';
import { Page, paginate } from '../common/pagination';
import { Transactions } from '../database/transactions';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { BoundariesRepository } from './boundaries.repository';
import { recorderOf, requirePartner } from './boundaries.service';
import { BoundaryBreach } from './boundary-breach.entity';
import { BoundaryTimeline } from './boundary-timeline';
import { acknowledgerOf } from './rules/breach-acknowledgement';
import { Boundary } from './boundary.entity';
import { BreachDto, CreateBreachDto, ListBreachesQueryDto, toBreachDto } from './dto/breach.dto';

/** Tolerated clock difference between a client and the server for "not in the future". */
const CLOCK_SKEW_MS = 60_000;

/**
 * Breaches of agreed boundaries, and their acknowledgement. A breach is recorded only against an
 * agreed boundary (a proposed one binds nobody yet: 409 BOUNDARY_NOT_AGREED; a retired one: 409
 * BOUNDARY_RETIRED). The note is client data: it reaches no log, audit event or timeline entry.
 */
@Injectable()
export class BoundaryBreachesService {
  constructor(
    private readonly db: Transactions,
    private readonly access: AccessService,
    private readonly repository: BoundariesRepository,
    private readonly timeline: BoundaryTimeline,
  ) {}

  async list(actor: RequestActor, boundaryId: string, query: ListBreachesQueryDto): Promise<Page<BreachDto>> {
    await this.access.require(actor, Resource.Boundary, [boundaryId]);
    const page = await paginate(this.repository.breachesQuery(actor.organizationId, boundaryId), query);
    return { data: page.data.map(toBreachDto), nextCursor: page.nextCursor };
  }

  async create(actor: RequestActor, boundaryId: string, dto: CreateBreachDto): Promise<BreachDto> {
    const occurredAt = new Date(dto.occurredAt);
    if (occurredAt.getTime() > Date.now() + CLOCK_SKEW_MS) {
      throw DomainError.validation([{ field: 'occurredAt', message: 'must not be in the future' }]);
    }
    await this.access.require(actor, Resource.Boundary, [boundaryId]);
    return this.db.run(async () => {
      const boundary = await this.repository.lock({ resource: 'Boundary', organizationId: actor.organizationId, id: boundaryId });
      const breachedBy = requirePartner(boundary, dto.breachedBy, 'breachedBy');
      const reportedBy = dto.reportedBy.type === 'partner' ? requirePartner(boundary, dto.reportedBy.id, 'reportedBy.id') : null;
      refuseUnlessAgreed(boundary);
      const by = recorderOf(actor);
      const id = await this.repository.insertBreach({
        organizationId: actor.organizationId,
        boundaryId,
        boundaryVersion: boundary.currentVersion,
        breachedByPartnerId: breachedBy,
        reportedByType: dto.reportedBy.type,
        reportedByPartnerId: reportedBy,
        recordedByType: by.type,
        recordedById: by.id,
        occurredAt,
        severity: dto.severity,
        note: dto.note ?? null,
        acknowledgedAt: null,
        acknowledgedByPartnerId: null,
        acknowledgedRecordedByType: null,
        acknowledgedRecordedById: null,
      });
      // The boundary's breach counts changed: a sync must see it.
      await this.repository.touch({ resource: 'Boundary', organizationId: actor.organizationId, id: boundaryId });
      await this.timeline.record(actor, boundary, 'boundary_breach_recorded', {
        breachId: id,
        boundaryVersion: boundary.currentVersion,
        breachedBy,
        severity: dto.severity,
      });
      return toBreachDto(await this.find(actor.organizationId, boundaryId, id));
    });
  }

  /**
   * The other partner acknowledges the breach: the partner who did not report it, or, when the
   * practitioner reported it, the partner in breach. A repeat changes nothing.
   */
  async acknowledge(actor: RequestActor, boundaryId: string, breachId: string): Promise<BreachDto> {
    await this.access.require(actor, Resource.Boundary, [boundaryId]);
    return this.db.run(async () => {
      const boundary = await this.repository.lock({ resource: 'Boundary', organizationId: actor.organizationId, id: boundaryId });
      const breach = await this.repository.lockBreach(actor.organizationId, boundaryId, breachId);
      if (!breach) throw DomainError.notFound('Breach');
      if (breach.acknowledgedAt) return toBreachDto(breach);
      const partnerId = acknowledgerOf({
        partnerIds: [boundary.partnerAId, boundary.partnerBId],
        breachedBy: breach.breachedByPartnerId,
        reportedBy: breach.reportedByPartnerId,
      });
      const updated = await this.repository.acknowledgeBreach(actor.organizationId, breachId, partnerId, recorderOf(actor));
      await this.timeline.record(actor, boundary, 'boundary_breach_acknowledged', { breachId, partnerId });
      return toBreachDto(updated);
    });
  }

  private async find(organizationId: string, boundaryId: string, id: string): Promise<BoundaryBreach> {
    const breach = await this.repository.findBreach(organizationId, boundaryId, id);
    if (!breach) throw DomainError.notFound('Breach');
    return breach;
  }
}

function refuseUnlessAgreed(boundary: Boundary): void {
  if (boundary.status === 'retired') throw new DomainError(ErrorCode.BoundaryRetired, 'The boundary is retired: it takes no new breaches.');
  if (boundary.status !== 'agreed') {
    throw new DomainError(ErrorCode.BoundaryNotAgreed, 'The boundary is only proposed: both partners must agree to it before a breach of it is recorded.');
  }
}
