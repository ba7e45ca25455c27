import { addDays } from '../../src/common/calendar-date';
import { localDate } from '../../src/common/time-zone';
import { builtInExerciseId } from '../../src/exercises/built-in/exercise-ids';
import { CSI_4_INSTRUMENT_ID } from '../../src/instruments/built-in/csi-4';
import { REBUILDING_TRUST_PROGRAM, REBUILDING_TRUST_PROGRAM_ID } from '../../src/programs/built-in/rebuilding-trust';
import { createClient, createCouple } from './factories';
import { TestApp } from './test-app';

type Headers = Record<string, string>;

const STEP = REBUILDING_TRUST_PROGRAM.steps[0].key;
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

/** The ids of everything seeded for one subject, and the texts only its notes hold. */
export interface Seeded {
  subjectId: string;
  partners: string[];
  ids: Record<string, string>;
  noteText: string;
  addendumText: string;
}

async function ok<T = Record<string, unknown>>(request: PromiseLike<{ status: number; body: unknown; text: string }>, status = 201): Promise<T> {
  const res = await request;
  if (res.status !== status) throw new Error(`seeding: ${res.status} ${res.text}`);
  return res.body as T;
}

/** A couple with something in every section: screenings, an enrollment with a timeline, a completed session with a note and an addendum, an exercise, a commitment with an outcome, a boundary agreed and breached, a measurement. */
export async function seedCouple(t: TestApp, as: Headers, leadUserId: string, label: string): Promise<Seeded> {
  const couple = await createCouple(t, as);
  const ids: Record<string, string> = { couple: couple.id, partnerA: couple.a, partnerB: couple.b };
  for (const [i, partner] of [couple.a, couple.b].entries()) {
    ids[`screening${i}`] = (await ok<{ id: string }>(t.http.post(`/v1/clients/${partner}/safety-screenings`).set(as).send({ result: 'clear' }))).id;
  }
  const enrollment = await ok<{ id: string }>(t.http.post('/v1/enrollments').set(as).send({ programId: REBUILDING_TRUST_PROGRAM_ID, coupleId: couple.id }));
  ids.enrollment = enrollment.id;
  await ok(t.http.patch(`/v1/enrollments/${enrollment.id}/steps/${STEP}`).set(as).send({ status: 'in_progress' }), 200);
  const session = await ok<{ id: string }>(
    t.http.post('/v1/sessions').set(as).send({ kind: 'couple', coupleId: couple.id, leadUserId, startsAt: hoursAgo(30), durationMinutes: 50, modality: 'in_person' }),
  );
  ids.session = session.id;
  const noteText = `${label}: they spoke about the discovery for the first time.`;
  const addendumText = `${label}: a correction to the note.`;
  await ok(
    t.http.post(`/v1/sessions/${session.id}/complete`).set(as).send({
      attendance: [{ clientId: couple.a, attended: true }, { clientId: couple.b, attended: true }],
      stepsAddressed: [STEP],
      note: { format: 'free_text', text: noteText },
    }),
    200,
  );
  ids.addendum = (await ok<{ id: string }>(t.http.post(`/v1/sessions/${session.id}/addenda`).set(as).send({ text: addendumText }))).id;
  const given = await ok<{ assignments: { id: string }[] }>(t.http.post('/v1/assignments').set(as).send({ exerciseId: builtInExerciseId('write-a-specific-apology'), coupleId: couple.id }));
  given.assignments.forEach((assignment, i) => (ids[`assignment${i}`] = assignment.id));
  const today = localDate(new Date(), 'UTC');
  const commitment = await ok<{ id: string }>(
    t.http
      .post('/v1/commitments')
      .set(as)
      .send({ coupleId: couple.id, committerId: couple.a, to: 'partner', description: 'Phone on the table after nine.', schedule: { kind: 'daily', startsOn: addDays(today, -2), count: 4 } }),
  );
  ids.commitment = commitment.id;
  await ok(t.http.put(`/v1/commitments/${commitment.id}/occurrences/${addDays(today, -1)}`).set(as).send({ viewpoint: 'committer', outcome: 'kept' }), 200);
  const boundary = await ok<{ id: string }>(t.http.post('/v1/boundaries').set(as).send({ coupleId: couple.id, text: 'No reading messages.', proposedBy: { type: 'partner', id: couple.b } }));
  ids.boundary = boundary.id;
  for (const partner of [couple.a, couple.b]) await ok(t.http.put(`/v1/boundaries/${boundary.id}/agreements/${partner}`).set(as), 200);
  ids.breach = (
    await ok<{ id: string }>(
      t.http.post(`/v1/boundaries/${boundary.id}/breaches`).set(as).send({ breachedBy: couple.a, reportedBy: { type: 'partner', id: couple.b }, occurredAt: hoursAgo(20), severity: 'minor' }),
    )
  ).id;
  ids.measurement = (
    await ok<{ id: string }>(
      t.http.post('/v1/measurements').set(as).send({ instrumentId: CSI_4_INSTRUMENT_ID, coupleId: couple.id, clientId: couple.a, takenAt: hoursAgo(10), answers: [3, 2, 2, 2].map((value, index) => ({ index, value })) }),
    )
  ).id;
  return { subjectId: couple.id, partners: [couple.a, couple.b], ids, noteText, addendumText };
}

/** A client in individual work, with the same sections but boundaries. */
export async function seedClient(t: TestApp, as: Headers, leadUserId: string, label: string): Promise<Seeded> {
  const client = await createClient(t, as);
  const ids: Record<string, string> = { client: client.id };
  ids.screening = (await ok<{ id: string }>(t.http.post(`/v1/clients/${client.id}/safety-screenings`).set(as).send({ result: 'clear' }))).id;
  ids.enrollment = (await ok<{ id: string }>(t.http.post('/v1/enrollments').set(as).send({ programId: REBUILDING_TRUST_PROGRAM_ID, clientId: client.id }))).id;
  const session = await ok<{ id: string }>(
    t.http.post('/v1/sessions').set(as).send({ kind: 'individual', clientId: client.id, leadUserId, startsAt: hoursAgo(6), durationMinutes: 50, modality: 'video' }),
  );
  ids.session = session.id;
  const noteText = `${label}: worked on the apology letter.`;
  const addendumText = `${label}: the letter was sent.`;
  await ok(t.http.post(`/v1/sessions/${session.id}/complete`).set(as).send({ attendance: [{ clientId: client.id, attended: true }], stepsAddressed: [STEP], note: { format: 'free_text', text: noteText } }), 200);
  ids.addendum = (await ok<{ id: string }>(t.http.post(`/v1/sessions/${session.id}/addenda`).set(as).send({ text: addendumText }))).id;
  ids.assignment = (await ok<{ assignments: { id: string }[] }>(t.http.post('/v1/assignments').set(as).send({ exerciseId: builtInExerciseId('write-a-specific-apology'), clientId: client.id }))).assignments[0].id;
  ids.commitment = (
    await ok<{ id: string }>(
      t.http.post('/v1/commitments').set(as).send({ clientId: client.id, committerId: client.id, description: 'A walk every morning.', schedule: { kind: 'once', dueOn: localDate(new Date(), 'UTC') } }),
    )
  ).id;
  ids.measurement = (
    await ok<{ id: string }>(
      t.http.post('/v1/measurements').set(as).send({ instrumentId: CSI_4_INSTRUMENT_ID, clientId: client.id, takenAt: hoursAgo(3), answers: [4, 4, 3, 3].map((value, index) => ({ index, value })) }),
    )
  ).id;
  return { subjectId: client.id, partners: [], ids, noteText, addendumText };
}
