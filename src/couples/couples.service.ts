import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService, Resource } from '../access/access.service';
import { coupleInCaseloadSql } from '../access/caseload';
import { Actor, seesWholeOrganization } from '../auth/actor';
import { CareTeamsService } from '../care-teams/care-teams.service';
import { Client } from '../clients/client.entity';
import { CLIENTS } from '../clients/clients.service';
import { archive, IfMatch, restore, updateVersioned } from '../common/concurrency';
import { Page, paginate } from '../common/pagination';
import { isUniqueViolation, rethrowExternalIdTaken } from '../database/unique-violation';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { combineSafety, SafetyScreeningsService } from '../screenings/safety-screenings.service';
import { Couple } from './couple.entity';
import { CoupleDto, CreateCoupleDto, ListCouplesQueryDto, UpdateCoupleDto } from './dto/couple.dto';
import { Transactions } from '../database/transactions';

export const COUPLES = Resource.Couple;
const OPEN_PAIR = 'couples_open_pair_key';

@Injectable()
export class CouplesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly db: Transactions,
    private readonly access: AccessService,
    private readonly careTeams: CareTeamsService,
    private readonly screenings: SafetyScreeningsService,
  ) {}

  async list(actor: Actor, query: ListCouplesQueryDto): Promise<Page<CoupleDto>> {
    const qb = this.dataSource
      .getRepository(Couple)
      .createQueryBuilder('couple')
      .where('couple.organizationId = :organizationId', { organizationId: actor.organizationId });
    if (!seesWholeOrganization(actor)) {
      qb.andWhere(coupleInCaseloadSql('couple.id', ':organizationId', ':actorId'), { actorId: actor.id });
    }
    if (query.status) qb.andWhere('couple.status = :status', { status: query.status });
    if (query.clientId) qb.andWhere('(couple.partnerAId = :clientId OR couple.partnerBId = :clientId)', { clientId: query.clientId });
    if (query.externalId) qb.andWhere('couple.externalId = :externalId', { externalId: query.externalId });
    if (query.careTeam) {
      qb.andWhere(coupleInCaseloadSql('couple.id', ':organizationId', ':careTeamMember'), {
        careTeamMember: query.careTeam === 'me' ? actor.id : query.careTeam,
      });
    }
    const page = await paginate(qb, query);
    return { data: await this.toDtos(this.dataSource.manager, page.data), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, id: string): Promise<CoupleDto> {
    await this.access.require(actor, COUPLES, [id]);
    return this.read(this.dataSource.manager, actor.organizationId, id);
  }

  async create(actor: Actor, dto: CreateCoupleDto): Promise<CoupleDto> {
    const [a, b] = dto.partnerIds.map((id) => id.toLowerCase());
    if (a === b) {
      throw DomainError.validation([{ field: 'partnerIds', message: 'must name two different clients' }]);
    }
    await this.access.require(actor, CLIENTS, [a, b]);
    return this.db.run(async () => {
      const manager = this.db.manager;
      const open = await manager
        .createQueryBuilder(Couple, 'couple')
        .where('couple.organizationId = :organizationId', { organizationId: actor.organizationId })
        .andWhere('LEAST(couple.partnerAId, couple.partnerBId) = LEAST(CAST(:a AS uuid), CAST(:b AS uuid))', { a, b })
        .andWhere('GREATEST(couple.partnerAId, couple.partnerBId) = GREATEST(CAST(:a AS uuid), CAST(:b AS uuid))')
        .andWhere("couple.archivedAt IS NULL AND couple.status <> 'ended'")
        .getOne();
      if (open) throw this.coupleExists(open.id);
      let couple: Couple;
      try {
        couple = await manager.save(
          manager.create(Couple, {
            organizationId: actor.organizationId,
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
      } catch (error) {
        if (isUniqueViolation(error, OPEN_PAIR)) throw this.coupleExists();
        rethrowExternalIdTaken(error, 'couples_external_id_key');
      }
      if (actor.kind === 'user' && actor.role === 'practitioner') {
        await this.careTeams.add('couple', actor.organizationId, couple.id, actor.id);
      }
      return this.read(manager, actor.organizationId, couple.id);
    });
  }

  async update(actor: Actor, id: string, dto: UpdateCoupleDto, ifMatch?: IfMatch): Promise<CoupleDto> {
    await this.access.require(actor, COUPLES, [id]);
    return this.db.run(async () => {
      const manager = this.db.manager;
      try {
        await updateVersioned(manager, Couple, { resource: 'Couple', organizationId: actor.organizationId, id, ifMatch }, { ...dto });
      } catch (error) {
        if (isUniqueViolation(error, OPEN_PAIR)) throw this.coupleExists();
        rethrowExternalIdTaken(error, 'couples_external_id_key');
      }
      return this.read(manager, actor.organizationId, id);
    });
  }

  async archive(actor: Actor, id: string, ifMatch?: IfMatch): Promise<CoupleDto> {
    await this.access.require(actor, COUPLES, [id]);
    return this.db.run(async () => {
      const manager = this.db.manager;
      await archive(manager, Couple, { resource: 'Couple', organizationId: actor.organizationId, id, ifMatch });
      return this.read(manager, actor.organizationId, id);
    });
  }

  async restore(actor: Actor, id: string, ifMatch?: IfMatch): Promise<CoupleDto> {
    await this.access.require(actor, COUPLES, [id]);
    return this.db.run(async () => {
      const manager = this.db.manager;
      try {
        await restore(manager, Couple, { resource: 'Couple', organizationId: actor.organizationId, id, ifMatch });
      } catch (error) {
        if (isUniqueViolation(error, OPEN_PAIR)) throw this.coupleExists();
        throw error;
      }
      return this.read(manager, actor.organizationId, id);
    });
  }

  private coupleExists(existingId?: string): DomainError {
    return new DomainError(ErrorCode.CoupleExists, 'These two clients already form an open couple.', {
      extensions: existingId ? { coupleId: existingId } : undefined,
    });
  }

  private async read(manager: EntityManager, organizationId: string, id: string): Promise<CoupleDto> {
    const couple = await manager.findOneBy(Couple, { organizationId, id });
    if (!couple) throw DomainError.notFound('Couple');
    return (await this.toDtos(manager, [couple]))[0];
  }

  /** Partners, safety and care teams for a page of couples: three queries, whatever the page size. */
  private async toDtos(manager: EntityManager, couples: Couple[]): Promise<CoupleDto[]> {
    if (couples.length === 0) return [];
    const organizationId = couples[0].organizationId;
    const partnerIds = [...new Set(couples.flatMap((c) => [c.partnerAId, c.partnerBId]))];
    // One after the other: inside a transaction they share one connection.
    const partners = await manager.getRepository(Client).find({
      where: partnerIds.map((id) => ({ organizationId, id })),
      select: { id: true, firstName: true, lastName: true, preferredName: true },
    });
    const latest = await this.screenings.latestResults(organizationId, partnerIds);
    const teams = await this.careTeams.membersOf('couple', organizationId, couples.map((c) => c.id));
    const byId = new Map(partners.map((p) => [p.id, p]));
    const partner = (id: string) => {
      const p = byId.get(id)!;
      return { id: p.id, firstName: p.firstName, lastName: p.lastName, preferredName: p.preferredName };
    };
    return couples.map((c) => ({
      id: c.id,
      organizationId: c.organizationId,
      partners: [partner(c.partnerAId), partner(c.partnerBId)],
      label: c.label,
      status: c.status,
      presentingConcern: c.presentingConcern,
      startDate: c.startDate,
      externalId: c.externalId,
      safetyStatus: combineSafety(latest.get(c.partnerAId) ?? null, latest.get(c.partnerBId) ?? null),
      careTeam: teams.get(c.id)!,
      archivedAt: c.archivedAt,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      version: c.version,
    }));
  }
}
