import { Injectable } from '@nestjs/common';
import { AccessService, Resource } from '../access/access.service';
import { Actor, seesWholeOrganization } from '../auth/actor';
import { CareTeamsService } from '../care-teams/care-teams.service';
import { toCareTeamMemberDto } from '../care-teams/dto/care-team.dto';
import { IfMatch, VersionedTarget } from '../common/concurrency';
import { Page } from '../common/pagination';
import { Transactions } from '../database/transactions';
import { isUniqueViolation, rethrowExternalIdTaken } from '../database/unique-violation';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { combineSafety } from '../screenings/couple-safety';
import { CoupleChildrenRow, CoupleRow, CouplesRepository } from './couples.repository';
import { CoupleDto, CreateCoupleDto, ListCouplesQueryDto, toCoupleDto, toPartnerDto, UpdateCoupleDto } from './dto/couple.dto';

const OPEN_PAIR = 'couples_open_pair_key';

@Injectable()
export class CouplesService {
  constructor(
    private readonly db: Transactions,
    private readonly access: AccessService,
    private readonly repository: CouplesRepository,
    private readonly careTeams: CareTeamsService,
  ) {}

  async list(actor: Actor, query: ListCouplesQueryDto): Promise<Page<CoupleDto>> {
    const page = await this.repository.list(
      actor.organizationId,
      {
        caseloadOf: seesWholeOrganization(actor) ? undefined : actor.id,
        status: query.status,
        partnerId: query.clientId,
        externalId: query.externalId,
        careTeamMember: query.careTeam === 'me' ? actor.id : query.careTeam,
      },
      query,
    );
    return { data: page.data.map((couple) => withChildren(couple, couple)), nextCursor: page.nextCursor };
  }

  /** The access check and the read in one statement: out of reach reads as missing, a 404 either way. */
  async get(actor: Actor, id: string): Promise<CoupleDto> {
    const reach = this.access.reachSql(actor, Resource.Couple, 'k', '$1', '$3');
    const couple = await this.repository.findWithChildren(actor.organizationId, id, reach ? { sql: reach, userId: actor.id } : undefined);
    if (!couple) throw this.access.notFound(Resource.Couple);
    return withChildren(couple, couple);
  }

  async create(actor: Actor, dto: CreateCoupleDto): Promise<CoupleDto> {
    const [a, b] = dto.partnerIds.map((id) => id.toLowerCase());
    if (a === b) throw DomainError.validation([{ field: 'partnerIds', message: 'must name two different clients' }]);
    await this.requirePartners(actor, [a, b]);
    const created = this.db.run(async () => {
      const open = await this.repository.findOpenPair(actor.organizationId, a, b);
      if (open) throw this.coupleExists(open.id);
      const couple = await this.writing(() =>
        this.repository.insert(actor.organizationId, {
          partnerAId: a,
          partnerBId: b,
          label: dto.label ?? null,
          status: dto.status ?? 'active',
          presentingConcern: dto.presentingConcern ?? null,
          startDate: dto.startDate ?? null,
          externalId: dto.externalId ?? null,
          archivedAt: null,
        }),
      );
      // The practitioner who creates a couple joins its care team, or they could not see it.
      if (actor.kind === 'user' && actor.role === 'practitioner') await this.careTeams.add('couple', actor.organizationId, couple.id, actor.id);
      return this.withChildrenOf(couple);
    });
    return created.catch((error: unknown) => this.refuseTakenExternalId(error, actor.organizationId, dto.externalId));
  }

  async update(actor: Actor, id: string, dto: UpdateCoupleDto, ifMatch?: IfMatch): Promise<CoupleDto> {
    return this.change(actor, { resource: 'Couple', organizationId: actor.organizationId, id, ifMatch }, (target) =>
      this.writing(() => this.repository.update(target, { ...dto })),
    ).catch((error: unknown) => this.refuseTakenExternalId(error, actor.organizationId, dto.externalId));
  }

  archive(actor: Actor, id: string, ifMatch?: IfMatch): Promise<CoupleDto> {
    return this.change(actor, { resource: 'Couple', organizationId: actor.organizationId, id, ifMatch }, (target) => this.repository.archive(target));
  }

  restore(actor: Actor, id: string, ifMatch?: IfMatch): Promise<CoupleDto> {
    return this.change(actor, { resource: 'Couple', organizationId: actor.organizationId, id, ifMatch }, (target) =>
      this.writing(() => this.repository.restore(target)),
    );
  }

  /** Access check, then the write (which returns the row it wrote) and the couple's children in one transaction. */
  private async change(actor: Actor, target: VersionedTarget, write: (target: VersionedTarget) => Promise<CoupleRow>): Promise<CoupleDto> {
    await this.access.require(actor, Resource.Couple, [target.id]);
    return this.db.run(async () => this.withChildrenOf(await write(target)));
  }

  /** Runs a write that the open-pair index may refuse: a second open couple of the two clients. */
  private async writing<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error, OPEN_PAIR)) throw this.coupleExists();
      throw error;
    }
  }

  /** After the write rolled back: a taken externalId is a 409 naming the couple that has it. */
  private refuseTakenExternalId(error: unknown, organizationId: string, externalId: string | null | undefined): Promise<never> {
    return rethrowExternalIdTaken(error, 'couples_external_id_key', {
      member: 'coupleId',
      find: () => (externalId ? this.repository.findIdByExternalId(organizationId, externalId) : Promise.resolve(null)),
    });
  }

  /** 404 naming the first partner the actor can't reach: `partnerId` in the problem, and in its detail. */
  private async requirePartners(actor: Actor, partnerIds: string[]): Promise<void> {
    const reachable = await this.access.reachable(actor, Resource.Client, partnerIds);
    const unknown = partnerIds.find((id) => !reachable.has(id));
    if (unknown) {
      throw new DomainError(ErrorCode.NotFound, `Client ${unknown} (in partnerIds) not found.`, { extensions: { partnerId: unknown } });
    }
  }

  private coupleExists(existingId?: string): DomainError {
    return new DomainError(ErrorCode.CoupleExists, 'These two clients already form an open couple.', {
      extensions: existingId ? { coupleId: existingId } : undefined,
    });
  }

  /** The row a write returned, with its partners, safety and care team (one statement). */
  private async withChildrenOf(couple: CoupleRow): Promise<CoupleDto> {
    return withChildren(couple, await this.repository.findChildren(couple));
  }
}

function withChildren(couple: CoupleRow, children: CoupleChildrenRow): CoupleDto {
  return toCoupleDto(
    couple,
    [
      toPartnerDto({ id: couple.partnerAId, firstName: children.partnerAFirstName, lastName: children.partnerALastName, preferredName: children.partnerAPreferredName }),
      toPartnerDto({ id: couple.partnerBId, firstName: children.partnerBFirstName, lastName: children.partnerBLastName, preferredName: children.partnerBPreferredName }),
    ],
    combineSafety(children.safetyA, children.safetyB),
    children.careTeam.map(toCareTeamMemberDto),
  );
}
