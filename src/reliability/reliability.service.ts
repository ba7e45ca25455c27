import { Injectable } from '@nestjs/common';
import { AccessService, Resource } from '../access/access.service';
import { Actor } from '../auth/actor';
import { BoundariesRepository } from '../boundaries/boundaries.repository';
import { CommitmentsRepository, CommitmentSubjectKey } from '../commitments/commitments.repository';
import { recentWindows, reliabilityOfCounts, reliabilityPeriods } from '../commitments/rules/reliability';
import { localDate } from '../common/time-zone';
import { CouplesRepository } from '../couples/couples.repository';
import { Transactions } from '../database/transactions';
import { EnrollmentsRepository } from '../enrollments/enrollments.repository';
import { DomainError } from '../errors/domain-error';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import {
  ClientReliabilityDto,
  CoupleReliabilityDto,
  ReliabilityFrameDto,
  ReliabilityQueryDto,
  toCommitterReliabilityDto,
  toPartnerBreachesDto,
} from './dto/reliability.dto';

/**
 * Follow-through made visible: per committer, how many of the commitments' occurrences were kept,
 * missed, excused or renegotiated, and how often the other partner agrees, over the last 30 and 90
 * days, since the start and week by week; for a couple also the breaches of its boundaries. All of
 * it is counted in PostgreSQL, a few statements whatever the history. Who may read it: whoever may
 * read the couple or client (facilitators lack the permission).
 */
@Injectable()
export class ReliabilityService {
  constructor(
    private readonly db: Transactions,
    private readonly access: AccessService,
    private readonly commitments: CommitmentsRepository,
    private readonly boundaries: BoundariesRepository,
    private readonly couples: CouplesRepository,
    private readonly enrollments: EnrollmentsRepository,
    private readonly organizations: OrganizationsRepository,
  ) {}

  async ofCouple(actor: Actor, coupleId: string, query: ReliabilityQueryDto): Promise<CoupleReliabilityDto> {
    await this.access.require(actor, Resource.Couple, [coupleId]);
    const organizationId = actor.organizationId;
    // One transaction, so that every figure is read from the same snapshot.
    return this.db.run(async () => {
      const partnerIds = await this.couples.partnerIds(organizationId, coupleId);
      const frame = await this.frame(organizationId, { coupleId }, query.asOf);
      const reliability = await this.reliability(organizationId, { coupleId }, frame, partnerIds);
      const breaches = await this.boundaries.breachCounts(organizationId, { coupleId }, recentWindows(frame.asOf), frame.timeZone);
      const boundaryIds = [...new Set(breaches.map((row) => row.boundaryId))];
      return {
        coupleId,
        ...frame,
        partners: reliability.map((committer) => ({
          ...toCommitterReliabilityDto(committer),
          breaches: toPartnerBreachesDto(committer.committerId, boundaryIds, breaches),
        })),
      };
    });
  }

  async ofClient(actor: Actor, clientId: string, query: ReliabilityQueryDto): Promise<ClientReliabilityDto> {
    await this.access.require(actor, Resource.Client, [clientId]);
    const organizationId = actor.organizationId;
    return this.db.run(async () => {
      const frame = await this.frame(organizationId, { clientId }, query.asOf);
      const [reliability] = await this.reliability(organizationId, { clientId }, frame, [clientId]);
      const { clientId: _committer, ...figures } = toCommitterReliabilityDto(reliability);
      return { clientId, ...frame, ...figures };
    });
  }

  /**
   * The time zone and the days counted: up to `asOf` (today when not given; a later day is
   * refused), from the earlier of the open enrollment's start and the first occurrence.
   */
  private async frame(organizationId: string, subject: CommitmentSubjectKey, asOf?: string): Promise<ReliabilityFrameDto> {
    const timeZone = await this.organizations.timeZoneOf(organizationId);
    const today = localDate(new Date(), timeZone);
    if (asOf !== undefined && asOf > today) {
      throw DomainError.validation([{ field: 'asOf', message: `must not be after today (${today} in the organization's time zone)` }]);
    }
    const [enrollment] = await this.enrollments.findOpen(organizationId, subject);
    const starts = [enrollment ? localDate(enrollment.startedAt, timeZone) : null, await this.commitments.firstOccurrence(organizationId, subject)];
    const last = asOf ?? today;
    const known = starts.filter((start): start is string => start !== null);
    const since = known.length > 0 ? known.reduce((a, b) => (a < b ? a : b)) : last;
    return { timeZone, asOf: last, since };
  }

  /**
   * Each committer's figures from `frame.since` to `frame.asOf` (the caller checked access): the
   * report asks for its own period this way.
   */
  async reliability(organizationId: string, subject: CommitmentSubjectKey, frame: Pick<ReliabilityFrameDto, 'since' | 'asOf'>, committerIds: string[]) {
    const periods = reliabilityPeriods(frame.asOf, frame.since);
    const counted = { from: frame.since, to: frame.asOf };
    const buckets = await this.commitments.reliabilityCounts(organizationId, subject, { counted, ...periods });
    return reliabilityOfCounts(buckets, committerIds, { today: frame.asOf, since: frame.since });
  }
}
