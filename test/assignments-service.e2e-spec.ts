import { AssignmentsService } from '../src/assignments/assignments.service';
import { ErrorCode } from '../src/errors/error-code';
import { builtInExerciseId } from '../src/exercises/built-in/exercise-ids';
import { GroupsService } from '../src/groups/groups.service';
import { Seed } from './support/seed';
import { startTestApp, TestApp } from './support/test-app';

const APOLOGY = builtInExerciseId('write-a-specific-apology');

/** AssignmentsService against seeded rows, without HTTP: who gets a row when an exercise is given, and who is refused. */
describe('AssignmentsService on seeded rows', () => {
  let t: TestApp;
  let seed: Seed;
  let assignments: AssignmentsService;
  let groups: GroupsService;

  beforeAll(async () => {
    t = await startTestApp();
    seed = new Seed(t.dataSource);
    assignments = t.app.get(AssignmentsService);
    groups = t.app.get(GroupsService);
  });
  afterAll(() => t.close());

  async function rowsOf(organizationId: string): Promise<{ client_id: string; couple_id: string | null; group_id: string | null; batch_id: string }[]> {
    return t.dataSource.query(`SELECT client_id, couple_id, group_id, batch_id FROM assignments WHERE organization_id = $1 ORDER BY client_id`, [
      organizationId,
    ]);
  }

  async function organization() {
    const { organizationId } = await seed.organization();
    return { organizationId, owner: await seed.staff(organizationId, 'owner'), facilitator: await seed.staff(organizationId, 'facilitator') };
  }

  it("gives a group's exercise to its current members, in the order they joined, leaving out archived and departed ones", async () => {
    const { organizationId, owner, facilitator } = await organization();
    const [first, second, archived, departed] = [
      await seed.client(organizationId),
      await seed.client(organizationId),
      await seed.client(organizationId, { archivedAt: new Date() }),
      await seed.client(organizationId),
    ];
    const group = await seed.group(organizationId, facilitator.id, [first.id, archived.id, departed.id, second.id]);
    await groups.removeMember(owner.actor, group.id, departed.id);

    const batch = await assignments.create(facilitator.actor, { exerciseId: APOLOGY, groupId: group.id });

    expect(batch.assignments.map((a) => a.clientId)).toEqual([first.id, second.id]);
    expect(batch.assignments.every((a) => a.groupId === group.id && a.coupleId === null && a.batchId === batch.batchId)).toBe(true);
    expect(batch.assignments[0].client).toEqual({ id: first.id, firstName: 'Noor', lastName: expect.any(String), preferredName: null });
    const rows = await rowsOf(organizationId);
    expect(rows.map((r) => r.client_id).sort()).toEqual([first.id, second.id].sort());
    expect(new Set(rows.map((r) => r.batch_id))).toEqual(new Set([batch.batchId]));
  });

  it("refuses a group whose only members are archived or gone, and creates nothing", async () => {
    const { organizationId, facilitator } = await organization();
    const archived = await seed.client(organizationId, { archivedAt: new Date() });
    const group = await seed.group(organizationId, facilitator.id, [archived.id]);

    await expect(assignments.create(facilitator.actor, { exerciseId: APOLOGY, groupId: group.id })).rejects.toMatchObject({
      code: ErrorCode.GroupHasNoMembers,
    });
    expect(await rowsOf(organizationId)).toEqual([]);
  });

  it('refuses a closed group and an archived one', async () => {
    const { organizationId, facilitator } = await organization();
    const member = await seed.client(organizationId);
    const closed = await seed.group(organizationId, facilitator.id, [member.id], { status: 'closed' });
    const archived = await seed.group(organizationId, facilitator.id, [member.id], { archivedAt: new Date() });

    for (const group of [closed, archived]) {
      await expect(assignments.create(facilitator.actor, { exerciseId: APOLOGY, groupId: group.id })).rejects.toMatchObject({
        code: ErrorCode.GroupClosed,
      });
    }
    expect(await rowsOf(organizationId)).toEqual([]);
  });

  it("gives a couple's exercise to both partners, in partner order, marked with the couple", async () => {
    const { organizationId, owner } = await organization();
    const couple = await seed.couple(organizationId);

    const batch = await assignments.create(owner.actor, { exerciseId: APOLOGY, coupleId: couple.id, dueOn: '2031-03-01' });

    expect(batch.assignments.map((a) => [a.clientId, a.coupleId, a.groupId, a.dueOn])).toEqual([
      [couple.partnerAId, couple.id, null, '2031-03-01'],
      [couple.partnerBId, couple.id, null, '2031-03-01'],
    ]);
    expect((await rowsOf(organizationId)).map((r) => r.client_id).sort()).toEqual([couple.partnerAId, couple.partnerBId].sort());
  });

  it('refuses an archived client and an archived couple, and creates nothing', async () => {
    const { organizationId, owner } = await organization();
    const client = await seed.client(organizationId, { archivedAt: new Date() });
    const couple = await seed.couple(organizationId, undefined, { archivedAt: new Date() });

    await expect(assignments.create(owner.actor, { exerciseId: APOLOGY, clientId: client.id })).rejects.toMatchObject({
      code: ErrorCode.SubjectArchived,
    });
    await expect(assignments.create(owner.actor, { exerciseId: APOLOGY, coupleId: couple.id })).rejects.toMatchObject({
      code: ErrorCode.SubjectArchived,
    });
    expect(await rowsOf(organizationId)).toEqual([]);
  });

  it('refuses a facilitator who targets a client or a couple, even a member of their group', async () => {
    const { organizationId, facilitator } = await organization();
    const couple = await seed.couple(organizationId);
    await seed.group(organizationId, facilitator.id, [couple.partnerAId]);

    await expect(assignments.create(facilitator.actor, { exerciseId: APOLOGY, clientId: couple.partnerAId })).rejects.toMatchObject({
      code: ErrorCode.Forbidden,
    });
    await expect(assignments.create(facilitator.actor, { exerciseId: APOLOGY, coupleId: couple.id })).rejects.toMatchObject({
      code: ErrorCode.Forbidden,
    });
    expect(await rowsOf(organizationId)).toEqual([]);
  });

  it("sums up the group's assignments per current member, by name, former members left out", async () => {
    const { organizationId, owner, facilitator } = await organization();
    const [a, b] = [await seed.client(organizationId, { preferredName: 'Ana' }), await seed.client(organizationId)];
    const group = await seed.group(organizationId, facilitator.id, [a.id, b.id]);
    const batch = await assignments.create(facilitator.actor, { exerciseId: APOLOGY, groupId: group.id, dueOn: '2000-01-01' });
    await assignments.update(facilitator.actor, batch.assignments[1].id, { status: 'completed' });
    await groups.removeMember(owner.actor, group.id, b.id);
    await groups.addMember(owner.actor, group.id, b.id);

    const summary = await assignments.groupSummary(facilitator.actor, group.id);

    expect(summary).toEqual({
      groupId: group.id,
      members: [
        { clientId: a.id, firstName: 'Noor', lastName: expect.any(String), preferredName: 'Ana', assigned: 1, inProgress: 0, completed: 0, skipped: 0, overdue: 1 },
        { clientId: b.id, firstName: 'Noor', lastName: expect.any(String), preferredName: null, assigned: 0, inProgress: 0, completed: 1, skipped: 0, overdue: 0 },
      ],
    });
    await groups.removeMember(owner.actor, group.id, a.id);
    expect((await assignments.groupSummary(facilitator.actor, group.id)).members.map((m) => m.clientId)).toEqual([b.id]);
  });
});
