import { ClientsService } from '../src/clients/clients.service';
import { EndGroupMembershipsOfArchivedClients1795698000000 } from '../src/database/migrations/1795698000000-EndGroupMembershipsOfArchivedClients';
import { ErrorCode } from '../src/errors/error-code';
import { GroupsService } from '../src/groups/groups.service';
import { Seed } from './support/seed';
import { startTestApp, TestApp } from './support/test-app';

/** GroupsService against seeded rows, without HTTP: who joins which group, and what that does to the rows. */
describe('GroupsService on seeded rows', () => {
  let t: TestApp;
  let seed: Seed;
  let groups: GroupsService;

  beforeAll(async () => {
    t = await startTestApp();
    seed = new Seed(t.dataSource);
    groups = t.app.get(GroupsService);
  });
  afterAll(() => t.close());

  async function memberships(groupId: string): Promise<{ client_id: string; left_at: Date | null; version: number }[]> {
    return t.dataSource.query(`SELECT client_id, left_at, version FROM group_members WHERE group_id = $1 ORDER BY joined_at, client_id`, [groupId]);
  }

  async function groupVersion(groupId: string): Promise<number> {
    const [row] = await t.dataSource.query(`SELECT version FROM groups WHERE id = $1`, [groupId]);
    return row.version;
  }

  async function organization() {
    const { organizationId } = await seed.organization();
    const facilitator = await seed.staff(organizationId, 'facilitator');
    return { organizationId, facilitator };
  }

  it('refuses a member past capacity with its capacity, and adds no row', async () => {
    const { organizationId, facilitator } = await organization();
    const [a, b, c] = [await seed.client(organizationId), await seed.client(organizationId), await seed.client(organizationId)];
    const group = await seed.group(organizationId, facilitator.id, [a.id, b.id], { capacity: 2 });

    await expect(groups.addMember(facilitator.actor, group.id, c.id)).rejects.toMatchObject({
      code: ErrorCode.GroupFull,
      options: { extensions: { capacity: 2 } },
    });
    expect((await memberships(group.id)).map((m) => m.client_id)).toEqual([a.id, b.id]);
  });

  it('answers a current member of a full group with their membership, not a refusal', async () => {
    const { organizationId, facilitator } = await organization();
    const a = await seed.client(organizationId);
    const group = await seed.group(organizationId, facilitator.id, [a.id], { capacity: 1 });
    const before = await groupVersion(group.id);

    const member = await groups.addMember(facilitator.actor, group.id, a.id);
    expect(member).toMatchObject({ groupId: group.id, clientId: a.id, firstName: 'Noor', leftAt: null });
    expect(await groupVersion(group.id)).toBe(before);
  });

  it('refuses new members in a closed group and in an archived one', async () => {
    const { organizationId, facilitator } = await organization();
    const client = await seed.client(organizationId);
    const closed = await seed.group(organizationId, facilitator.id, [], { status: 'closed' });
    const archived = await seed.group(organizationId, facilitator.id, [], { archivedAt: new Date() });

    await expect(groups.addMember(facilitator.actor, closed.id, client.id)).rejects.toMatchObject({ code: ErrorCode.GroupClosed });
    await expect(groups.addMember(facilitator.actor, archived.id, client.id)).rejects.toMatchObject({ code: ErrorCode.GroupClosed });
    expect(await memberships(closed.id)).toEqual([]);
    expect(await memberships(archived.id)).toEqual([]);
  });

  it('brings a former member back on the same membership, moving the group’s version at each change', async () => {
    const { organizationId, facilitator } = await organization();
    const client = await seed.client(organizationId, { preferredName: 'Nini' });
    const group = await seed.group(organizationId, facilitator.id);
    const v0 = await groupVersion(group.id);

    const joined = await groups.addMember(facilitator.actor, group.id, client.id);
    await groups.removeMember(facilitator.actor, group.id, client.id);
    const [left] = await memberships(group.id);
    expect(left.left_at).toBeInstanceOf(Date);
    expect(await groups.currentMemberIds(organizationId, group.id)).toEqual([]);

    const rejoined = await groups.addMember(facilitator.actor, group.id, client.id);
    expect(rejoined).toMatchObject({ id: joined.id, clientId: client.id, preferredName: 'Nini', leftAt: null, version: joined.version + 2 });
    expect(await memberships(group.id)).toHaveLength(1);
    expect(await groups.currentMemberIds(organizationId, group.id)).toEqual([client.id]);
    expect(await groupVersion(group.id)).toBe(v0 + 3);
  });

  it('refuses to take out someone who is not a current member', async () => {
    const { organizationId, facilitator } = await organization();
    const client = await seed.client(organizationId);
    const group = await seed.group(organizationId, facilitator.id);
    await expect(groups.removeMember(facilitator.actor, group.id, client.id)).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });

  it('refuses a capacity below the current member count', async () => {
    const { organizationId, facilitator } = await organization();
    const members = [await seed.client(organizationId), await seed.client(organizationId)].map((c) => c.id);
    const group = await seed.group(organizationId, facilitator.id, members);

    await expect(groups.update(facilitator.actor, group.id, { capacity: 1 })).rejects.toMatchObject({ code: ErrorCode.GroupFull });
    expect((await groups.update(facilitator.actor, group.id, { capacity: 2 })).capacity).toBe(2);
  });

  it('refuses a deactivated facilitator on facilitatorUserId', async () => {
    const { organizationId } = await organization();
    const owner = await seed.staff(organizationId, 'owner');
    const gone = await seed.staff(organizationId, 'facilitator', { deactivatedAt: new Date() });

    await expect(groups.create(owner.actor, { name: 'Tuesdays', facilitatorUserId: gone.id })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      options: { errors: [{ field: 'facilitatorUserId' }] },
    });
    expect(await t.dataSource.query(`SELECT id FROM groups WHERE organization_id = $1`, [organizationId])).toEqual([]);
  });

  it('never leaves an archived client a current member when archiving and joining race', async () => {
    const { organizationId, facilitator } = await organization();
    const owner = await seed.staff(organizationId, 'owner');
    const clients = t.app.get(ClientsService);
    const groupIds = [(await seed.group(organizationId, facilitator.id)).id, (await seed.group(organizationId, facilitator.id)).id];
    for (let round = 0; round < 5; round++) {
      const client = await seed.client(organizationId);
      await groups.addMember(facilitator.actor, groupIds[0], client.id);
      const outcomes = await Promise.allSettled([
        groups.addMember(facilitator.actor, groupIds[1], client.id),
        clients.archive(owner.actor, client.id),
        groups.addMember(facilitator.actor, groupIds[0], client.id),
      ]);
      expect(outcomes[1].status).toBe('fulfilled');
      for (const join of [outcomes[0], outcomes[2]]) {
        if (join.status === 'rejected') expect(join.reason).toMatchObject({ code: ErrorCode.SubjectArchived });
      }
    }
    const stranded = await t.dataSource.query(
      `SELECT m.client_id FROM group_members m JOIN clients c ON c.organization_id = m.organization_id AND c.id = m.client_id
        WHERE m.organization_id = $1 AND m.left_at IS NULL AND c.archived_at IS NOT NULL`,
      [organizationId],
    );
    expect(stranded).toEqual([]);
  });

  it('ends, once, the memberships clients archived before this rule kept (the migration), and moves their groups’ versions', async () => {
    const { organizationId, facilitator } = await organization();
    const archived = await seed.client(organizationId, { archivedAt: new Date('2024-01-01T00:00:00Z') });
    const current = await seed.client(organizationId);
    const group = await seed.group(organizationId, facilitator.id, [archived.id, current.id]);
    const untouched = await seed.group(organizationId, facilitator.id, [current.id]);
    const runner = t.dataSource.createQueryRunner();
    try {
      await new EndGroupMembershipsOfArchivedClients1795698000000().up(runner);
      await new EndGroupMembershipsOfArchivedClients1795698000000().up(runner);
    } finally {
      await runner.release();
    }
    const rows = await memberships(group.id);
    expect(rows.find((m) => m.client_id === archived.id)).toMatchObject({ left_at: expect.any(Date), version: 2 });
    expect(rows.find((m) => m.client_id === current.id)).toMatchObject({ left_at: null, version: 1 });
    expect(await groupVersion(group.id)).toBe(2);
    expect(await groupVersion(untouched.id)).toBe(1);
  });
});
