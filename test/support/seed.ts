import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor } from '../../src/auth/actor';
import { StaffRole } from '../../src/auth/permissions';
import { ClientCareTeamMember, CoupleCareTeamMember } from '../../src/care-teams/care-team-member.entity';
import { Client } from '../../src/clients/client.entity';
import { Couple } from '../../src/couples/couple.entity';
import { Group } from '../../src/groups/group.entity';
import { GroupMember } from '../../src/groups/group-member.entity';
import { Organization } from '../../src/organizations/organization.entity';
import { SafetyScreening, ScreeningResult } from '../../src/screenings/safety-screening.entity';
import { StaffUser } from '../../src/staff/staff-user.entity';

/**
 * Rows inserted straight into a test database: no HTTP, no password hashing. For service-level
 * tests (`app.get(SomeService)` with the returned actors) and for e2e set-up that only needs data to
 * exist. Every helper returns what a test asserts against.
 */
export class Seed {
  constructor(private readonly dataSource: DataSource) {}

  async organization(name = 'Harbor Counseling'): Promise<{ organizationId: string }> {
    const { identifiers } = await this.dataSource.getRepository(Organization).insert({ name });
    return { organizationId: identifiers[0].id as string };
  }

  /** A staff user, and the actor they act as. The password hash is unusable unless one is given: no one logs in as them. */
  async staff(
    organizationId: string,
    role: StaffRole,
    overrides: Partial<StaffUser> = {},
  ): Promise<{ id: string; email: string; actor: Actor }> {
    const id = randomUUID();
    const email = `${role}-${id}@example.org`;
    await this.dataSource.getRepository(StaffUser).insert({
      organizationId,
      id,
      email,
      emailNormalized: email,
      displayName: `Seeded ${role}`,
      role,
      passwordHash: '!',
      deactivatedAt: null,
      lastLoginAt: null,
      ...overrides,
    });
    return { id, email: overrides.email ?? email, actor: { kind: 'user', id, organizationId, role: overrides.role ?? role } };
  }

  /** An API key's actor, for rules that treat keys differently (no row: services never read the key itself). */
  apiKeyActor(organizationId: string, role: 'integration' | 'readonly' = 'integration'): Actor {
    return { kind: 'apiKey', id: randomUUID(), organizationId, role };
  }

  async client(organizationId: string, overrides: Partial<Client> = {}): Promise<{ id: string }> {
    const id = randomUUID();
    await this.dataSource.getRepository(Client).insert({
      organizationId,
      id,
      firstName: 'Noor',
      lastName: `Client-${id.slice(0, 8)}`,
      preferredName: null,
      pronouns: null,
      dateOfBirth: null,
      email: null,
      phone: null,
      externalId: null,
      status: 'active',
      tags: [],
      archivedAt: null,
      ...overrides,
    });
    return { id };
  }

  /** A couple of two new clients, unless partners are given. */
  async couple(organizationId: string, partners?: [string, string], overrides: Partial<Couple> = {}) {
    const [partnerAId, partnerBId] = partners ?? [(await this.client(organizationId)).id, (await this.client(organizationId)).id];
    const id = randomUUID();
    await this.dataSource.getRepository(Couple).insert({
      organizationId,
      id,
      partnerAId,
      partnerBId,
      label: null,
      status: 'active',
      presentingConcern: null,
      startDate: null,
      externalId: null,
      archivedAt: null,
      ...overrides,
    });
    return { id, partnerAId, partnerBId };
  }

  /** Puts a staff member on a client's or couple's care team. */
  async careTeam(of: 'client' | 'couple', organizationId: string, recordId: string, userId: string): Promise<void> {
    if (of === 'client') await this.dataSource.getRepository(ClientCareTeamMember).insert({ organizationId, clientId: recordId, userId });
    else await this.dataSource.getRepository(CoupleCareTeamMember).insert({ organizationId, coupleId: recordId, userId });
  }

  async screening(organizationId: string, clientId: string, result: ScreeningResult, screenedAt = new Date()): Promise<{ id: string }> {
    const id = randomUUID();
    await this.dataSource
      .getRepository(SafetyScreening)
      .insert({ organizationId, id, clientId, result, screenedAt, screenedByUserId: null, note: null });
    return { id };
  }

  /** A group run by the facilitator, with the given clients as current members. */
  async group(organizationId: string, facilitatorUserId: string, memberIds: string[] = [], overrides: Partial<Group> = {}): Promise<{ id: string }> {
    const id = randomUUID();
    await this.dataSource.getRepository(Group).insert({
      organizationId,
      id,
      name: `Group ${id.slice(0, 8)}`,
      description: null,
      facilitatorUserId,
      status: 'active',
      capacity: null,
      startsOn: null,
      endsOn: null,
      archivedAt: null,
      ...overrides,
    });
    for (const clientId of memberIds) await this.dataSource.getRepository(GroupMember).insert({ organizationId, groupId: id, clientId, leftAt: null });
    return { id };
  }
}
