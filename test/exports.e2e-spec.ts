import { AuditWriter } from '../src/audit/audit.writer';
import { addApiKey, addStaff, bearer, Org, signupOrganization } from './support/factories';
import { expectProblem } from './support/problem';
import { Seeded, seedClient, seedCouple } from './support/record-seed';
import { startTestApp, TestApp } from './support/test-app';

type Headers = Record<string, string>;

describe('exports of a couple and of a client', () => {
  let t: TestApp;
  let org: Org;
  let owner: Headers;
  let practitioner: Headers;
  let outsider: Headers;
  let facilitator: Headers;
  let readonlyKey: Headers;
  let integrationKey: Headers;
  let otherOrgOwner: Headers;
  let first: Seeded;
  let second: Seeded;
  let client: Seeded;
  let otherClient: Seeded;

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrganization(t);
    owner = bearer(org.owner.token);
    const staff = await addStaff(t, org, 'practitioner');
    practitioner = bearer(staff.token);
    const colleague = await addStaff(t, org, 'practitioner');
    outsider = bearer(colleague.token);
    facilitator = bearer((await addStaff(t, org, 'facilitator')).token);
    readonlyKey = { 'X-API-Key': (await addApiKey(t, org, 'readonly')).key };
    integrationKey = { 'X-API-Key': (await addApiKey(t, org, 'integration')).key };
    otherOrgOwner = bearer((await signupOrganization(t, 'Elsewhere Clinic')).owner.token);
    first = await seedCouple(t, practitioner, staff.id, 'First couple');
    second = await seedCouple(t, outsider, colleague.id, 'Second couple');
    client = await seedClient(t, practitioner, staff.id, 'First client');
    otherClient = await seedClient(t, outsider, colleague.id, 'Second client');
  });
  afterAll(() => t.close());

  const exportOf = (kind: 'couples' | 'clients', id: string, as: Headers) => t.http.get(`/v1/${kind}/${id}/export`).set(as);

  it('gives a practitioner on the care team every section of the couple, notes and addenda decrypted, and nothing of another couple', async () => {
    const res = await exportOf('couples', first.subjectId, practitioner);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.etag).toBeUndefined();
    const body = res.body;
    expect(body).toMatchObject({ subjectType: 'couple', profile: { id: first.subjectId }, notesLeftOut: false });
    expect(body.partners.map((p: { id: string }) => p.id)).toEqual(first.partners);
    expect(body.screenings.map((s: { id: string }) => s.id).sort()).toEqual([first.ids.screening0, first.ids.screening1].sort());
    expect(body.enrollments).toHaveLength(1);
    expect(body.enrollments[0].enrollment.id).toBe(first.ids.enrollment);
    const timeline = body.enrollments[0].timeline.map((e: { type: string }) => e.type);
    expect(timeline).toEqual(expect.arrayContaining(['enrollment_created', 'step_started', 'session_completed']));
    expect(timeline[0]).toBe('enrollment_created');
    expect(body.sessions).toHaveLength(1);
    expect(body.sessions[0]).toMatchObject({ id: first.ids.session, noteRedacted: false, note: { format: 'free_text', text: first.noteText } });
    expect(body.sessions[0].addenda).toEqual([expect.objectContaining({ id: first.ids.addendum, text: first.addendumText })]);
    // One assignment per partner.
    expect(body.assignments.map((a: { id: string }) => a.id).sort()).toEqual([first.ids.assignment0, first.ids.assignment1].sort());
    expect(body.commitments).toHaveLength(1);
    expect(body.commitments[0].commitment.id).toBe(first.ids.commitment);
    expect(body.commitments[0].occurrences).toHaveLength(4);
    expect(body.commitments[0].occurrences.filter((o: { committer: unknown }) => o.committer)).toEqual([expect.objectContaining({ committer: expect.objectContaining({ outcome: 'kept' }) })]);
    expect(body.boundaries).toHaveLength(1);
    expect(body.boundaries[0].boundary).toMatchObject({ id: first.ids.boundary, status: 'agreed' });
    expect(body.boundaries[0].breaches.map((b: { id: string }) => b.id)).toEqual([first.ids.breach]);
    expect(body.measurements.map((m: { id: string }) => m.id)).toEqual([first.ids.measurement]);

    for (const id of [...Object.values(second.ids), ...Object.values(client.ids), ...Object.values(otherClient.ids)]) expect(res.text).not.toContain(id);
    expect(res.text).not.toContain(second.noteText);
    expect(res.text).not.toContain(client.noteText);
  });

  it('shows each section in the shape of its own route', async () => {
    const exported = (await exportOf('couples', first.subjectId, practitioner)).body;
    expect(exported.profile).toEqual((await t.http.get(`/v1/couples/${first.subjectId}`).set(practitioner)).body);
    expect(exported.sessions[0]).toEqual((await t.http.get(`/v1/sessions/${first.ids.session}`).set(practitioner)).body);
    expect(exported.boundaries[0].boundary).toEqual((await t.http.get(`/v1/boundaries/${first.ids.boundary}`).set(practitioner)).body);
    expect(exported.measurements[0]).toEqual((await t.http.get(`/v1/measurements/${first.ids.measurement}`).set(practitioner)).body);
  });

  it('leaves the notes out for a role that may not read them, and says so', async () => {
    for (const as of [readonlyKey, integrationKey]) {
      const res = await exportOf('couples', first.subjectId, as);
      expect(res.status).toBe(200);
      expect(res.body.notesLeftOut).toBe(true);
      expect(res.body.sessions[0]).toMatchObject({ id: first.ids.session, note: null, noteRedacted: true, addenda: [] });
      expect(res.text).not.toContain(first.noteText);
      expect(res.text).not.toContain(first.addendumText);
      // Everything else is there.
      expect(res.body.boundaries[0].breaches).toHaveLength(1);
      expect(res.body.measurements).toHaveLength(1);
    }
  });

  it('gives an owner the notes of any couple of the organization', async () => {
    const res = await exportOf('couples', second.subjectId, owner);
    expect(res.status).toBe(200);
    expect(res.body.sessions[0].note.text).toBe(second.noteText);
    expect(res.text).not.toContain(first.ids.session);
  });

  it('exports a client’s own work, their notes for the practitioner, and nothing of the couples or of another client', async () => {
    const res = await exportOf('clients', client.subjectId, practitioner);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.body;
    expect(body).toMatchObject({ subjectType: 'client', profile: { id: client.subjectId }, notesLeftOut: false });
    expect(body.boundaries).toBeUndefined();
    expect(body.screenings.map((s: { id: string }) => s.id)).toEqual([client.ids.screening]);
    expect(body.enrollments.map((e: { enrollment: { id: string } }) => e.enrollment.id)).toEqual([client.ids.enrollment]);
    expect(body.sessions).toEqual([expect.objectContaining({ id: client.ids.session, note: { format: 'free_text', text: client.noteText } })]);
    expect(body.sessions[0].addenda.map((a: { text: string }) => a.text)).toEqual([client.addendumText]);
    expect(body.assignments.map((a: { id: string }) => a.id)).toEqual([client.ids.assignment]);
    expect(body.commitments.map((c: { commitment: { id: string } }) => c.commitment.id)).toEqual([client.ids.commitment]);
    expect(body.measurements.map((m: { id: string }) => m.id)).toEqual([client.ids.measurement]);
    for (const id of [...Object.values(first.ids), ...Object.values(second.ids), ...Object.values(otherClient.ids)]) expect(res.text).not.toContain(id);

    const redacted = await exportOf('clients', client.subjectId, readonlyKey);
    expect(redacted.body.notesLeftOut).toBe(true);
    expect(redacted.text).not.toContain(client.noteText);
  });

  it('answers 404 out of reach: another practitioner’s couple or client, another organization, an unknown id', async () => {
    expectProblem(await exportOf('couples', second.subjectId, practitioner), 404, 'NOT_FOUND');
    expectProblem(await exportOf('clients', otherClient.subjectId, practitioner), 404, 'NOT_FOUND');
    expectProblem(await exportOf('clients', second.partners[0], practitioner), 404, 'NOT_FOUND');
    expectProblem(await exportOf('couples', first.subjectId, otherOrgOwner), 404, 'NOT_FOUND');
    expectProblem(await exportOf('clients', client.subjectId, otherOrgOwner), 404, 'NOT_FOUND');
    expectProblem(await exportOf('couples', '00000000-0000-4000-8000-000000000000', owner), 404, 'NOT_FOUND');
    expectProblem(await exportOf('couples', 'not-a-uuid', owner), 400, 'VALIDATION_FAILED');
  });

  it('refuses a facilitator, who may not read clients at all', async () => {
    expectProblem(await exportOf('couples', first.subjectId, facilitator), 403, 'FORBIDDEN');
    expectProblem(await exportOf('clients', client.subjectId, facilitator), 403, 'FORBIDDEN');
  });

  it('records one audit event naming the subject, and no note text in it', async () => {
    const res = await exportOf('couples', first.subjectId, practitioner);
    expect(res.status).toBe(200);
    await t.app.get(AuditWriter).drain();
    const events = await t.http.get('/v1/audit-events').query({ action: 'exportCouple', resourceId: first.subjectId, limit: 100 }).set(owner);
    expect(events.status).toBe(200);
    const mine = events.body.data.filter((e: { requestId: string }) => e.requestId === res.headers['x-request-id']);
    expect(mine).toEqual([expect.objectContaining({ action: 'exportCouple', resourceType: 'couples', resourceId: first.subjectId, status: 200 })]);
    expect(JSON.stringify(events.body)).not.toContain(first.noteText);
  });
});
