import { Actor } from '../src/auth/actor';
import { BoundariesService } from '../src/boundaries/boundaries.service';
import { BoundaryBreachesService } from '../src/boundaries/boundary-breaches.service';
import { DomainError } from '../src/errors/domain-error';
import { ErrorCode } from '../src/errors/error-code';
import { Seed } from './support/seed';
import { startTestApp, TestApp } from './support/test-app';

const TEXT = 'We tell each other before making plans that involve an ex-partner.';

/**
 * BoundariesService against seeded rows, without HTTP: the state machine as the database keeps it,
 * including requests that arrive together. "Agreed only when both agree" must hold whatever order
 * concurrent agreements, withdrawals and revisions commit in.
 */
describe('BoundariesService on seeded rows', () => {
  let t: TestApp;
  let seed: Seed;
  let boundaries: BoundariesService;
  let breaches: BoundaryBreachesService;

  beforeAll(async () => {
    t = await startTestApp();
    seed = new Seed(t.dataSource);
    boundaries = t.app.get(BoundariesService);
    breaches = t.app.get(BoundaryBreachesService);
  });
  afterAll(() => t.close());

  async function proposed(): Promise<{ owner: Actor; couple: { id: string; partnerAId: string; partnerBId: string }; id: string }> {
    const { organizationId } = await seed.organization();
    const owner = (await seed.staff(organizationId, 'owner')).actor;
    const couple = await seed.couple(organizationId);
    const boundary = await boundaries.create(owner, { coupleId: couple.id, text: TEXT, proposedBy: { type: 'partner', id: couple.partnerAId } });
    return { owner, couple, id: boundary.id };
  }

  /** The agreements standing in the database for the boundary's current version, and its status. */
  async function stored(id: string): Promise<{ status: string; version: number; agreedBy: string[] }> {
    const [boundary] = await t.dataSource.query('SELECT status, current_version FROM boundaries WHERE id = $1', [id]);
    const agreements: { partner_id: string }[] = await t.dataSource.query(
      'SELECT partner_id FROM boundary_agreements WHERE boundary_id = $1 AND boundary_version = $2 AND withdrawn_at IS NULL ORDER BY partner_id',
      [id, boundary.current_version],
    );
    return { status: boundary.status, version: boundary.current_version, agreedBy: agreements.map((a) => a.partner_id) };
  }

  const codeOf = (error: unknown) => (error instanceof DomainError ? error.code : error);

  it('is agreed once both partners agree, when the two agreements arrive together', async () => {
    for (let round = 0; round < 5; round++) {
      const { owner, couple, id } = await proposed();
      await Promise.all([boundaries.agree(owner, id, couple.partnerAId), boundaries.agree(owner, id, couple.partnerBId)]);
      expect(await stored(id)).toEqual({ status: 'agreed', version: 1, agreedBy: [couple.partnerAId, couple.partnerBId].sort() });
      expect((await boundaries.get(owner, id)).status).toBe('agreed');
    }
  });

  it('is never agreed to a revision only one partner saw, whatever order a revision and an agreement commit in', async () => {
    for (let round = 0; round < 5; round++) {
      const { owner, couple, id } = await proposed();
      await boundaries.agree(owner, id, couple.partnerAId);
      const [, revised] = await Promise.allSettled([
        boundaries.agree(owner, id, couple.partnerBId),
        boundaries.update(owner, id, { text: `${TEXT} And we say so the same day.` }),
      ]);
      expect(revised.status).toBe('fulfilled');
      const state = await stored(id);
      // The revision cleared A's agreement to version 1; B agreed to version 1 (then cleared) or to version 2.
      expect(state).toMatchObject({ status: 'proposed', version: 2 });
      expect(state.agreedBy).not.toContain(couple.partnerAId);
    }
  });

  it('goes back to proposed when one partner withdraws, and a withdrawal racing the second agreement leaves it consistent', async () => {
    for (let round = 0; round < 5; round++) {
      const { owner, couple, id } = await proposed();
      await boundaries.agree(owner, id, couple.partnerAId);
      await Promise.all([boundaries.agree(owner, id, couple.partnerBId), boundaries.withdraw(owner, id, couple.partnerAId)]);
      const state = await stored(id);
      expect(state).toEqual({ status: 'proposed', version: 1, agreedBy: [couple.partnerBId] });
    }
  });

  it('refuses a stranger’s agreement, a breach before agreement and any change after retirement, and keeps what came before', async () => {
    const { owner, couple, id } = await proposed();
    const stranger = await seed.client(owner.organizationId);
    expect(codeOf(await boundaries.agree(owner, id, stranger.id).catch((e: unknown) => e))).toBe(ErrorCode.NotAPartner);
    const breach = { breachedBy: couple.partnerBId, reportedBy: { type: 'practitioner' as const }, occurredAt: new Date(Date.now() - 3_600_000).toISOString(), severity: 'minor' as const };
    expect(codeOf(await breaches.create(owner, id, breach).catch((e: unknown) => e))).toBe(ErrorCode.BoundaryNotAgreed);

    await boundaries.agree(owner, id, couple.partnerAId);
    await boundaries.agree(owner, id, couple.partnerBId);
    const reported = await breaches.create(owner, id, breach);
    await boundaries.update(owner, id, { status: 'retired' });
    expect(codeOf(await boundaries.agree(owner, id, couple.partnerAId).catch((e: unknown) => e))).toBe(ErrorCode.BoundaryRetired);
    expect(codeOf(await boundaries.update(owner, id, { status: 'retired' }).catch((e: unknown) => e))).toBe(ErrorCode.BoundaryAlreadyRetired);
    expect(codeOf(await boundaries.update(owner, id, { text: `${TEXT} Always.` }).catch((e: unknown) => e))).toBe(ErrorCode.BoundaryRetired);
    expect(codeOf(await breaches.create(owner, id, breach).catch((e: unknown) => e))).toBe(ErrorCode.BoundaryRetired);
    expect(await stored(id)).toMatchObject({ status: 'retired', version: 1 });
    // What happened before retirement stays, counted.
    const read = await boundaries.get(owner, id);
    expect(read.breachCounts.byPartner).toEqual([
      { partnerId: couple.partnerAId, last30Days: 0, last90Days: 0 },
      { partnerId: couple.partnerBId, last30Days: 1, last90Days: 1 },
    ]);
    expect((await breaches.list(owner, id, { limit: 10 })).data.map((b) => b.id)).toEqual([reported.id]);
  });
});
