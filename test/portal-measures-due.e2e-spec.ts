import { CSI_4_INSTRUMENT_ID } from '../src/instruments/built-in/csi-4';
import { TRUST_CHECK_IN_INSTRUMENT_ID } from '../src/instruments/built-in/trust-check-in';
import { REBUILDING_TRUST_PROGRAM_ID } from '../src/programs/built-in/rebuilding-trust';
import { bearer, createCouple, signupOrganization } from './support/factories';
import { invitePortalClient, PortalClientSession } from './support/portal';
import { startTestApp, TestApp } from './support/test-app';

interface Due {
  instrumentId: string;
  key: string;
  cadenceDays: number;
  dueSince: string;
  lastAnsweredAt: string | null;
}

describe('portal: measures due', () => {
  let t: TestApp;
  let owner: Record<string, string>;
  let couple: { id: string; a: string; b: string };
  let a: PortalClientSession;
  let b: PortalClientSession;

  const due = async (who: PortalClientSession): Promise<Due[]> => {
    const res = await t.http.get('/v1/portal/measures-due').set(bearer(who.accessToken));
    expect(res.status).toBe(200);
    return res.body.measures as Due[];
  };

  beforeAll(async () => {
    t = await startTestApp();
    const org = await signupOrganization(t);
    owner = bearer(org.owner.token);
    couple = await createCouple(t, owner);
    a = await invitePortalClient(t, owner, couple.a);
    b = await invitePortalClient(t, owner, couple.b);
  });
  afterAll(() => t.close());

  it('is empty while the client has no open program', async () => {
    expect(await due(a)).toEqual([]);
  });

  it('asks for every instrument with a cadence from the program’s start, then not again until a cadence after the answer, per partner', async () => {
    const enrolled = await t.http.post('/v1/enrollments').set(owner).send({ programId: REBUILDING_TRUST_PROGRAM_ID, coupleId: couple.id });
    expect(enrolled.status).toBe(201);
    const startedAt = new Date(enrolled.body.startedAt).toISOString();

    const first = await due(a);
    expect(first.map((m) => [m.instrumentId, m.cadenceDays, m.dueSince, m.lastAnsweredAt]).sort()).toEqual(
      [
        [CSI_4_INSTRUMENT_ID, 28, startedAt, null],
        [TRUST_CHECK_IN_INSTRUMENT_ID, 7, startedAt, null],
      ].sort(),
    );

    const answered = await t.http
      .post('/v1/portal/measurements')
      .set(bearer(a.accessToken))
      .send({ instrumentId: TRUST_CHECK_IN_INSTRUMENT_ID, coupleId: couple.id, answers: [{ index: 0, value: 2 }, { index: 1, value: 3 }, { index: 2, value: 4 }] });
    expect(answered.status).toBe(201);

    // Answered: off A's list until seven days after the answer; B's own answer is still due.
    expect((await due(a)).map((m) => m.instrumentId)).toEqual([CSI_4_INSTRUMENT_ID]);
    expect((await due(b)).map((m) => m.instrumentId).sort()).toEqual([CSI_4_INSTRUMENT_ID, TRUST_CHECK_IN_INSTRUMENT_ID].sort());
  });

  it('is the client’s own: a staff credential is refused', async () => {
    expect((await t.http.get('/v1/portal/measures-due').set(owner)).status).toBe(401);
  });
});
