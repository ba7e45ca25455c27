import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import { AccessService, Resource } from '../access/access.service';
import { clientInCaseloadSql } from '../access/caseload';
import { Actor, seesWholeOrganization } from '../auth/actor';
import { CareTeamsService } from '../care-teams/care-teams.service';
import { archive, IfMatch, restore, updateVersioned } from '../common/concurrency';
import { Page, paginate } from '../common/pagination';
import { rethrowExternalIdTaken } from '../database/unique-violation';
import { DomainError } from '../errors/domain-error';
import { Client } from './client.entity';
import { ClientDto, CreateClientDto, ListClientsQueryDto, UpdateClientDto } from './dto/client.dto';
import { CareTeamMemberDto } from '../care-teams/dto/care-team.dto';
import { Transactions } from '../database/transactions';

export const CLIENTS = Resource.Client;
export function toClientDto(client: Client, careTeam: CareTeamMemberDto[]): ClientDto {
  return {
    id: client.id,
    organizationId: client.organizationId,
    firstName: client.firstName,
    lastName: client.lastName,
    preferredName: client.preferredName,
    pronouns: client.pronouns,
    dateOfBirth: client.dateOfBirth,
    email: client.email,
    phone: client.phone,
    externalId: client.externalId,
    status: client.status,
    tags: client.tags,
    careTeam,
    archivedAt: client.archivedAt,
    createdAt: client.createdAt,
    updatedAt: client.updatedAt,
    version: client.version,
  };
}

@Injectable()
export class ClientsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly db: Transactions,
    private readonly access: AccessService,
    private readonly careTeams: CareTeamsService,
  ) {}

  async list(actor: Actor, query: ListClientsQueryDto): Promise<Page<ClientDto>> {
    const qb = this.dataSource
      .getRepository(Client)
      .createQueryBuilder('client')
      .where('client.organizationId = :organizationId', { organizationId: actor.organizationId });
    if (!seesWholeOrganization(actor)) {
      qb.andWhere(clientInCaseloadSql('client.id', ':organizationId', ':actorId'), { actorId: actor.id });
    }
    if (query.q) {
      // Served by the trigram index on the same expression (see the migration).
      qb.andWhere(
        `lower(client.first_name || ' ' || client.last_name || ' ' || coalesce(client.preferred_name, '')) LIKE :q`,
        { q: `%${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%` },
      );
    }
    if (query.status) qb.andWhere('client.status = :status', { status: query.status });
    if (query.tag) qb.andWhere(':tag = ANY(client.tags)', { tag: query.tag });
    if (query.externalId) qb.andWhere('client.externalId = :externalId', { externalId: query.externalId });
    if (query.careTeam) {
      const member = query.careTeam === 'me' ? actor.id : query.careTeam;
      qb.andWhere(
        new Brackets((inner) =>
          inner.where(
            `EXISTS (SELECT 1 FROM client_care_team f WHERE f.organization_id = client.organization_id AND f.client_id = client.id AND f.user_id = :member)`,
            { member },
          ),
        ),
      );
    }
    const page = await paginate(qb, query);
    const teams = await this.careTeams.membersOf('client', actor.organizationId, page.data.map((c) => c.id));
    return { data: page.data.map((c) => toClientDto(c, teams.get(c.id)!)), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, id: string): Promise<ClientDto> {
    await this.access.require(actor, CLIENTS, [id]);
    return this.read(this.dataSource.manager, actor.organizationId, id);
  }

  async create(actor: Actor, dto: CreateClientDto): Promise<ClientDto> {
    return this.db.run(async () => {
      const manager = this.db.manager;
      let client: Client;
      try {
        client = await manager.save(
          manager.create(Client, {
            organizationId: actor.organizationId,
            firstName: dto.firstName,
            lastName: dto.lastName,
            preferredName: dto.preferredName ?? null,
            pronouns: dto.pronouns ?? null,
            dateOfBirth: dto.dateOfBirth ?? null,
            email: dto.email ?? null,
            phone: dto.phone ?? null,
            externalId: dto.externalId ?? null,
            status: dto.status ?? 'active',
            tags: [...new Set(dto.tags ?? [])],
            archivedAt: null,
          }),
        );
      } catch (error) {
        rethrowExternalIdTaken(error, 'clients_external_id_key');
      }
      // The practitioner who creates a client joins its care team, or they could not see it.
      if (actor.kind === 'user' && actor.role === 'practitioner') {
        await this.careTeams.add('client', actor.organizationId, client.id, actor.id);
      }
      return this.read(manager, actor.organizationId, client.id);
    });
  }

  async update(actor: Actor, id: string, dto: UpdateClientDto, ifMatch?: IfMatch): Promise<ClientDto> {
    await this.access.require(actor, CLIENTS, [id]);
    return this.db.run(async () => {
      const manager = this.db.manager;
      const changes = { ...dto, ...(dto.tags ? { tags: [...new Set(dto.tags)] } : {}) };
      try {
        await updateVersioned(manager, Client, { resource: 'Client', organizationId: actor.organizationId, id, ifMatch }, changes);
      } catch (error) {
        rethrowExternalIdTaken(error, 'clients_external_id_key');
      }
      return this.read(manager, actor.organizationId, id);
    });
  }

  async archive(actor: Actor, id: string, ifMatch?: IfMatch): Promise<ClientDto> {
    await this.access.require(actor, CLIENTS, [id]);
    return this.db.run(async () => {
      const manager = this.db.manager;
      await archive(manager, Client, { resource: 'Client', organizationId: actor.organizationId, id, ifMatch });
      return this.read(manager, actor.organizationId, id);
    });
  }

  async restore(actor: Actor, id: string, ifMatch?: IfMatch): Promise<ClientDto> {
    await this.access.require(actor, CLIENTS, [id]);
    return this.db.run(async () => {
      const manager = this.db.manager;
      await restore(manager, Client, { resource: 'Client', organizationId: actor.organizationId, id, ifMatch });
      return this.read(manager, actor.organizationId, id);
    });
  }

  private async read(manager: EntityManager, organizationId: string, id: string): Promise<ClientDto> {
    const client = await manager.findOneBy(Client, { organizationId, id });
    if (!client) throw DomainError.notFound('Client');
    const teams = await this.careTeams.membersOf('client', organizationId, [id]);
    return toClientDto(client, teams.get(id)!);
  }
}
