import { AccessService, Resource } from '../src/access/access.service';
import { Seed } from './support/seed';
import { startTestApp, TestApp } from './support/test-app';

/** The access rules against real rows, without HTTP: who reaches which record. */
describe('AccessService on seeded rows', () => {
  let t: TestApp;
  let seed: Seed;
  let access: AccessService;

  beforeAll(async () => {
    t = await startTestApp();
    seed = new Seed(t.dataSource);
    access = t.app.get(AccessService);
  });
  afterAll(() => t.close());

  it('gives a practitioner their care team’s clients and both partners of their couples, and nothing else', async () => {
    const { organizationId } = await seed.organization();
    const practitioner = await seed.staff(organizationId, 'practitioner');
    const own = await seed.client(organizationId);
    const other = await seed.client(organizationId);
    const couple = await seed.couple(organizationId);
    await seed.careTeam('client', organizationId, own.id, practitioner.id);
    await seed.careTeam('couple', organizationId, couple.id, practitioner.id);

    const reached = await access.reachable(practitioner.actor, Resource.Client, [own.id, other.id, couple.partnerAId, couple.partnerBId]);
    expect([...reached].sort()).toEqual([own.id, couple.partnerAId, couple.partnerBId].sort());
    await expect(access.require(practitioner.actor, Resource.Client, [other.id])).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('never reaches another organization’s record, even for its owner', async () => {
    const mine = await seed.organization();
    const theirs = await seed.organization();
    const owner = await seed.staff(mine.organizationId, 'owner');
    const foreign = await seed.client(theirs.organizationId);
    expect((await access.reachable(owner.actor, Resource.Client, [foreign.id])).size).toBe(0);
  });

  it('gives a facilitator the groups they run, not their members’ client records', async () => {
    const { organizationId } = await seed.organization();
    const facilitator = await seed.staff(organizationId, 'facilitator');
    const member = await seed.client(organizationId);
    const group = await seed.group(organizationId, facilitator.id, [member.id]);
    const elsewhere = await seed.group(organizationId, (await seed.staff(organizationId, 'practitioner')).id);
    expect([...(await access.reachable(facilitator.actor, Resource.Group, [group.id, elsewhere.id]))]).toEqual([group.id]);
    expect((await access.reachable(facilitator.actor, Resource.Client, [member.id])).size).toBe(0);
  });
});
