import { Injectable } from '@nestjs/common';
import { AccessService, Resource } from '../access/access.service';
import { Actor, seesWholeOrganization } from '../auth/actor';
import { CareTeamsService } from '../care-teams/care-teams.service';
import { toCareTeamMemberDto } from '../care-teams/dto/care-team.dto';
import { IfMatch, VersionedTarget } from '../common/concurrency';
import { Page } from '../common/pagination';
import { Transactions } from '../database/transactions';
import { rethrowExternalIdTaken } from '../database/unique-violation';
import { GroupsService } from '../groups/groups.service';
import { ClientRow, ClientsRepository, ClientWithTeamRow } from './clients.repository';
import { ClientDto, CreateClientDto, ListClientsQueryDto, toClientDto, UpdateClientDto } from './dto/client.dto';

const EXTERNAL_ID = 'clients_external_id_key';

@Injectable()
export class ClientsService {
  constructor(
    private readonly db: Transactions,
    private readonly access: AccessService,
    private readonly repository: ClientsRepository,
    private readonly careTeams: CareTeamsService,
    private readonly groups: GroupsService,
  ) {}

  async list(actor: Actor, query: ListClientsQueryDto): Promise<Page<ClientDto>> {
    const page = await this.repository.list(
      actor.organizationId,
      {
        caseloadOf: seesWholeOrganization(actor) ? undefined : actor.id,
        nameContains: query.q?.toLowerCase(),
        status: query.status,
        tag: query.tag,
        externalId: query.externalId,
        careTeamMember: query.careTeam === 'me' ? actor.id : query.careTeam,
      },
      query,
    );
    return { data: page.data.map(withTeam), nextCursor: page.nextCursor };
  }

  /** The access check and the read in one statement: out of reach reads as missing, a 404 either way. */
  async get(actor: Actor, id: string): Promise<ClientDto> {
    const reach = this.access.reachSql(actor, Resource.Client, 'c', '$1', '$3');
    const client = await this.repository.findWithTeam(actor.organizationId, id, reach ? { sql: reach, userId: actor.id } : undefined);
    if (!client) throw this.access.notFound(Resource.Client);
    return withTeam(client);
  }

  async create(actor: Actor, dto: CreateClientDto): Promise<ClientDto> {
    const created = this.db.run(async () => {
      const client = await this.repository.insert(actor.organizationId, {
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
      });
      // The practitioner who creates a client joins its care team, or they could not see it.
      if (actor.kind !== 'user' || actor.role !== 'practitioner') return toClientDto(client, []);
      await this.careTeams.add('client', actor.organizationId, client.id, actor.id);
      return this.withTeamOf(client);
    });
    return created.catch((error: unknown) => this.refuseTakenExternalId(error, actor.organizationId, dto.externalId));
  }

  update(actor: Actor, id: string, dto: UpdateClientDto, ifMatch?: IfMatch): Promise<ClientDto> {
    const changes = { ...dto, ...(dto.tags ? { tags: [...new Set(dto.tags)] } : {}) };
    return this.change(actor, { resource: 'Client', organizationId: actor.organizationId, id, ifMatch }, (target) =>
      this.repository.update(target, changes),
    ).catch((error: unknown) => this.refuseTakenExternalId(error, actor.organizationId, dto.externalId));
  }

  /** Archives the client, which also ends their group memberships (a restore does not bring them back). */
  archive(actor: Actor, id: string, ifMatch?: IfMatch): Promise<ClientDto> {
    return this.change(actor, { resource: 'Client', organizationId: actor.organizationId, id, ifMatch }, async (target) => {
      const client = await this.repository.archive(target);
      await this.groups.endMembershipsOf(target.organizationId, target.id);
      return client;
    });
  }

  restore(actor: Actor, id: string, ifMatch?: IfMatch): Promise<ClientDto> {
    return this.change(actor, { resource: 'Client', organizationId: actor.organizationId, id, ifMatch }, (target) => this.repository.restore(target));
  }

  /** Access check, then the write (which returns the row it wrote) and the care team in one transaction. */
  private async change(actor: Actor, target: VersionedTarget, write: (target: VersionedTarget) => Promise<ClientRow>): Promise<ClientDto> {
    await this.access.require(actor, Resource.Client, [target.id]);
    return this.db.run(async () => this.withTeamOf(await write(target)));
  }

  /** After the write rolled back: a taken externalId is a 409 naming the client that has it. */
  private refuseTakenExternalId(error: unknown, organizationId: string, externalId: string | null | undefined): Promise<never> {
    return rethrowExternalIdTaken(error, EXTERNAL_ID, {
      member: 'clientId',
      find: () => (externalId ? this.repository.findIdByExternalId(organizationId, externalId) : Promise.resolve(null)),
    });
  }

  /** The row a write returned, with its care team. */
  private async withTeamOf(client: ClientRow): Promise<ClientDto> {
    const teams = await this.careTeams.membersOf('client', client.organizationId, [client.id]);
    return toClientDto(client, teams.get(client.id)!);
  }
}

const withTeam = (client: ClientWithTeamRow): ClientDto => toClientDto(client, client.careTeam.map(toCareTeamMemberDto));
