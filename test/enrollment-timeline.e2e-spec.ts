import { CSI_4_INSTRUMENT_ID } from '../src/instruments/built-in/csi-4';
import { REBUILDING_TRUST_PROGRAM, REBUILDING_TRUST_PROGRAM_ID } from '../src/programs/built-in/rebuilding-trust';
import { bearer, createClient, createCouple, signupOrganization } from './support/factories';
import { spec } from './support/openapi-schema';
import { componentErrors } from './support/response-contract';
import { startTestApp, TestApp } from './support/test-app';

type Headers = Record<string, string>;
type Schema = { $ref?: string; oneOf?: Schema[]; discriminator?: { propertyName: string; mapping?: Record<string, string> }; properties?: Record<string, Schema>; enum?: unknown[] };

const schemas = spec.components.schemas as Record<string, Schema>;
const refName = (ref: string) => ref.replace('#/components/schemas/', '');

/** The timeline as openapi.json documents it: one schema per event type, told apart by `type`. */
describe('the enrollment timeline, as documented', () => {
  let t: TestApp;
  let owner: Headers;

  beforeAll(async () => {
    t = await startTestApp();
    owner = bearer((await signupOrganization(t)).owner.token);
  });
  afterAll(() => t.close());

  const ok = async (res: Promise<{ status: number; text: string; body: Record<string, unknown> }>, status = 200) => {
    const answer = await res;
    if (answer.status !== status) throw new Error(`${answer.status} ${answer.text}`);
    return answer.body;
  };

  it('documents EnrollmentEventDto as a oneOf discriminated by type, one schema per type with a single-value type enum', () => {
    const union = schemas.EnrollmentEventDto;
    expect(union.discriminator?.propertyName).toBe('type');
    const mapping = union.discriminator?.mapping ?? {};
    expect((union.oneOf ?? []).map((s) => s.$ref).sort()).toEqual(Object.values(mapping).sort());
    for (const [type, ref] of Object.entries(mapping)) {
      expect([type, schemas[refName(ref)].properties?.type?.enum]).toEqual([type, [type]]);
    }
  });

  it('answers events of every type, each valid against the spec (ajv), and every documented type occurs', async () => {
    const client = await createClient(t, owner);
    const enrollment = await ok(t.http.post('/v1/enrollments').set(owner).send({ programId: REBUILDING_TRUST_PROGRAM_ID, clientId: client.id }), 201);
    const base = `/v1/enrollments/${enrollment.id as string}`;
    const [step] = REBUILDING_TRUST_PROGRAM.steps;
    const practice = step.practices[0].key;

    await ok(t.http.patch(base).set(owner).send({ status: 'paused' }));
    await ok(t.http.patch(base).set(owner).send({ status: 'active' }));
    await ok(t.http.patch(`${base}/steps/${step.key}`).set(owner).send({ status: 'in_progress', note: 'Started together.' }));
    await ok(t.http.put(`${base}/steps/${step.key}/practices/${practice}`).set(owner).send({ done: true, note: 'Named it plainly.' }));
    await ok(t.http.put(`${base}/steps/${step.key}/practices/${practice}`).set(owner).send({ done: false }));
    await ok(t.http.put(`${base}/steps/${step.key}/practices/${practice}`).set(owner).send({ done: false, note: 'Not yet.' }));
    await ok(t.http.patch(`${base}/steps/${step.key}`).set(owner).send({ status: 'completed' }));
    await ok(t.http.patch(`${base}/steps/${step.key}`).set(owner).send({ status: 'in_progress', reason: 'Old hurt came back.' }));

    const session = await ok(
      t.http.post('/v1/sessions').set(owner).send({ kind: 'individual', clientId: client.id, startsAt: '2024-03-04T09:00:00Z', durationMinutes: 50, modality: 'video' }),
      201,
    );
    await ok(
      t.http.post(`/v1/sessions/${session.id as string}/complete`).set(owner).send({
        attendance: [{ clientId: client.id, attended: true }],
        stepsAddressed: [step.key],
        note: { format: 'free_text', text: 'Worked on acknowledgement.' },
      }),
    );

    const exercises = await ok(t.http.get('/v1/exercises').set(owner));
    const exercise = (exercises.data as { id: string }[])[0];
    const batch = await ok(t.http.post('/v1/assignments').set(owner).send({ exerciseId: exercise.id, clientId: client.id }), 201);
    const [assignment] = batch.assignments as { id: string }[];
    await ok(t.http.patch(`/v1/assignments/${assignment.id}`).set(owner).send({ status: 'completed', response: 'Done.' }));

    // Commitments and boundaries belong to a couple's enrollment here: the other partner's answer,
    // agreements and breaches need a couple.
    const couple = await createCouple(t, owner);
    const coupleEnrollment = await ok(t.http.post('/v1/enrollments').set(owner).send({ programId: REBUILDING_TRUST_PROGRAM_ID, coupleId: couple.id }), 201);
    const commitment = await ok(
      t.http.post('/v1/commitments').set(owner).send({
        coupleId: couple.id,
        committerId: couple.a,
        to: 'partner',
        description: 'Home by seven.',
        stepKey: 'consistency-and-reliability',
        schedule: { kind: 'once', dueOn: '2026-10-05' },
      }),
      201,
    );
    const occurrence = `/v1/commitments/${commitment.id as string}/occurrences/2026-10-05`;
    await ok(t.http.put(occurrence).set(owner).send({ viewpoint: 'committer', outcome: 'kept' }));
    await ok(t.http.put(occurrence).set(owner).send({ viewpoint: 'partner', answer: 'disputed' }));

    const boundary = await ok(
      t.http.post('/v1/boundaries').set(owner).send({ coupleId: couple.id, text: 'No phones at dinner.', proposedBy: { type: 'partner', id: couple.a } }),
      201,
    );
    const boundaryPath = `/v1/boundaries/${boundary.id as string}`;
    await ok(t.http.put(`${boundaryPath}/agreements/${couple.a}`).set(owner));
    await ok(t.http.delete(`${boundaryPath}/agreements/${couple.a}`).set(owner));
    await ok(t.http.patch(boundaryPath).set(owner).send({ text: 'No phones at dinner or in bed.' }));
    await ok(t.http.put(`${boundaryPath}/agreements/${couple.a}`).set(owner));
    await ok(t.http.put(`${boundaryPath}/agreements/${couple.b}`).set(owner));
    const breach = await ok(
      t.http
        .post(`${boundaryPath}/breaches`)
        .set(owner)
        .send({ breachedBy: couple.b, reportedBy: { type: 'partner', id: couple.a }, occurredAt: '2024-03-04T21:00:00Z', severity: 'minor', note: 'At dinner.' }),
      201,
    );
    await ok(t.http.post(`${boundaryPath}/breaches/${breach.id as string}/acknowledgement`).set(owner));
    await ok(t.http.patch(boundaryPath).set(owner).send({ status: 'retired' }));

    // A measure one partner answered: the event carries its score, never the answers.
    await ok(
      t.http
        .post('/v1/measurements')
        .set(owner)
        .send({ instrumentId: CSI_4_INSTRUMENT_ID, coupleId: couple.id, clientId: couple.b, answers: [0, 1, 2, 3].map((index) => ({ index, value: 4 })) }),
      201,
    );

    const pages = await Promise.all(
      [base, `/v1/enrollments/${coupleEnrollment.id as string}`].map((path) => ok(t.http.get(`${path}/events`).query({ limit: 100 }).set(owner))),
    );
    const events = pages.flatMap((page) => page.data as { type: string }[]);
    const invalid = events.flatMap((event, i) => componentErrors('EnrollmentEventDto', event).map((error) => `${i} ${event.type}: ${error}`));
    expect(invalid).toEqual([]);
    const documented = Object.keys(schemas.EnrollmentEventDto.discriminator?.mapping ?? {}).sort();
    expect([...new Set(events.map((e) => e.type))].sort()).toEqual(documented);
  });
});
