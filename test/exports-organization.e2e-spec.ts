import { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { AuditWriter } from '../src/audit/audit.writer';
import { EXPORT_RECORD_TYPES } from '../src/exports/dto/organization-export.dto';
import { ORGANIZATION_BATCH_SIZE } from '../src/exports/organization-export.service';
import { addApiKey, addStaff, bearer, Org, signupOrganization } from './support/factories';
import { expectProblem } from './support/problem';
import { Seeded, seedClient, seedCouple } from './support/record-seed';
import { Seed } from './support/seed';
import { startTestApp, TestApp } from './support/test-app';

type Headers = Record<string, string>;
interface Line {
  type: string;
  data: Record<string, unknown> & { id?: string; counts?: Record<string, number>; total?: number };
}

/** More clients than one batch holds, inserted in one statement, so the export needs several batches. */
const BULK_CLIENTS = ORGANIZATION_BATCH_SIZE * 2 + 500;

describe('the organization’s export', () => {
  let t: TestApp;
  let org: Org;
  let owner: Headers;
  let origin: string;
  let couple: Seeded;
  let client: Seeded;
  let elsewhere: Seeded;
  let groupId: string;
  let otherOrganizationId: string;

  beforeAll(async () => {
    t = await startTestApp();
    org = await signupOrganization(t);
    owner = bearer(org.owner.token);
    const staff = await addStaff(t, org, 'practitioner');
    couple = await seedCouple(t, bearer(staff.token), staff.id, 'Exported couple');
    client = await seedClient(t, bearer(staff.token), staff.id, 'Exported client');
    groupId = (await new Seed(t.dataSource).group(org.organizationId, staff.id, [client.subjectId])).id;
    await t.dataSource.query(
      `INSERT INTO clients (organization_id, first_name, last_name, created_at, updated_at)
       SELECT $1, 'Bulk', 'Client ' || g, now() - g * interval '1 minute', now() - g * interval '1 minute' FROM generate_series(1, $2::int) AS g`,
      [org.organizationId, BULK_CLIENTS],
    );
    const other = await signupOrganization(t, 'Elsewhere Clinic');
    otherOrganizationId = other.organizationId;
    const otherStaff = await addStaff(t, other, 'practitioner');
    elsewhere = await seedCouple(t, bearer(otherStaff.token), otherStaff.id, 'Elsewhere couple');
    // A real socket, so that the test reads the stream as it arrives.
    const server = t.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  /** Reads the export chunk by chunk, parsing each complete line as it arrives. */
  async function readExport(onFirstChunk?: () => Promise<void>): Promise<{ status: number; headers: globalThis.Headers; lines: Line[]; chunks: number }> {
    const res = await fetch(`${origin}/v1/exports/organization`, { headers: owner });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const lines: Line[] = [];
    let pending = '';
    let chunks = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      pending += decoder.decode(value, { stream: true });
      const complete = pending.split('\n');
      pending = complete.pop()!;
      for (const text of complete) lines.push(JSON.parse(text) as Line);
      if (chunks === 1 && onFirstChunk) await onFirstChunk();
    }
    expect(pending).toBe('');
    return { status: res.status, headers: res.headers, lines, chunks };
  }

  it('streams every record as one JSON line, in several chunks, ending with a trailer whose counts match', async () => {
    let answeredMeanwhile = 0;
    const { status, headers, lines, chunks } = await readExport(async () => {
      // The export holds no connection while the reader is not reading: other requests are answered (on the one-connection embedded database too).
      const res = await t.http.get('/v1/clients').query({ limit: 1 }).set(owner);
      answeredMeanwhile = res.status;
    });
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(answeredMeanwhile).toBe(200);
    expect(chunks).toBeGreaterThan(1);

    const trailer = lines.pop()!;
    expect(trailer.type).toBe('trailer');
    expect(lines.every((line) => line.type !== 'trailer')).toBe(true);
    const counted: Record<string, number> = {};
    for (const line of lines) {
      expect(EXPORT_RECORD_TYPES).toContain(line.type);
      counted[line.type] = (counted[line.type] ?? 0) + 1;
    }
    expect(trailer.data.total).toBe(lines.length);
    expect(Object.fromEntries(Object.entries(trailer.data.counts!).filter(([, n]) => n > 0))).toEqual(counted);

    // Each record once; every client of the organization, and the seeded records of every feature.
    const ids = (type: string) => lines.filter((line) => line.type === type).map((line) => line.data.id as string);
    const clientIds = ids('client');
    expect(new Set(clientIds).size).toBe(clientIds.length);
    const stored: { id: string }[] = await t.dataSource.query('SELECT id FROM clients WHERE organization_id = $1', [org.organizationId]);
    expect(clientIds.sort()).toEqual(stored.map((row) => row.id).sort());
    expect(clientIds.length).toBe(BULK_CLIENTS + 3);
    expect(ids('couple')).toEqual([couple.subjectId]);
    expect(ids('safetyScreening').sort()).toEqual([couple.ids.screening0, couple.ids.screening1, client.ids.screening].sort());
    expect(ids('enrollment').sort()).toEqual([couple.ids.enrollment, client.ids.enrollment].sort());
    expect(lines.filter((line) => line.type === 'enrollmentEvent').map((line) => line.data.enrollmentId)).toEqual(expect.arrayContaining([couple.ids.enrollment, client.ids.enrollment]));
    expect(ids('session').sort()).toEqual([couple.ids.session, client.ids.session].sort());
    expect(ids('assignment').sort()).toEqual([couple.ids.assignment0, couple.ids.assignment1, client.ids.assignment].sort());
    expect(ids('commitment').sort()).toEqual([couple.ids.commitment, client.ids.commitment].sort());
    expect(lines.filter((line) => line.type === 'commitmentOccurrence').map((line) => line.data.commitmentId)).toEqual([couple.ids.commitment]);
    expect(ids('boundary')).toEqual([couple.ids.boundary]);
    expect(ids('boundaryBreach')).toEqual([couple.ids.breach]);
    expect(ids('measurement').sort()).toEqual([couple.ids.measurement, client.ids.measurement].sort());
    expect(ids('group')).toEqual([groupId]);
    expect(lines.filter((line) => line.type === 'groupMember').map((line) => line.data.clientId)).toEqual([client.subjectId]);
    expect(lines[0]).toEqual({ type: 'organization', data: expect.objectContaining({ id: org.organizationId, name: 'Harbor Counseling' }) });
    expect(ids('organization')).toEqual([org.organizationId]);
    expect(ids('staff')).toHaveLength(2);
    // Built-in programs, exercises and instruments are not the organization's.
    expect(counted.program ?? 0).toBe(0);
    expect(counted.instrument ?? 0).toBe(0);

    // The owner reads the notes; nothing of the other organization is there.
    const text = JSON.stringify(lines);
    expect(text).toContain(couple.noteText);
    expect(text).toContain(client.addendumText);
    for (const id of [otherOrganizationId, ...Object.values(elsewhere.ids)]) expect(text).not.toContain(id);
    expect(text).not.toContain(elsewhere.noteText);
    for (const line of lines) if ('organizationId' in line.data) expect(line.data.organizationId).toBe(org.organizationId);
  });

  it('ends the export when the reader goes away, and answers the next one whole', async () => {
    const aborted = new AbortController();
    const res = await fetch(`${origin}/v1/exports/organization`, { headers: owner, signal: aborted.signal });
    const reader = res.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    aborted.abort();
    await expect(reader.read()).rejects.toThrow();
    const { status, lines } = await readExport();
    expect(status).toBe(200);
    expect(lines[lines.length - 1].type).toBe('trailer');
    expect(lines[lines.length - 1].data.total).toBe(lines.length - 1);
    // The cut export is in the audit trail too.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await t.app.get(AuditWriter).drain();
    const events = await t.http.get('/v1/audit-events').query({ action: 'exportOrganization', limit: 100 }).set(owner);
    expect(events.body.data.map((e: { requestId: string }) => e.requestId)).toContain(res.headers.get('x-request-id'));
  });

  it('is for owners only: admins, practitioners, facilitators and API keys get 403', async () => {
    const refused: Headers[] = [
      bearer((await addStaff(t, org, 'admin')).token),
      bearer((await addStaff(t, org, 'practitioner')).token),
      bearer((await addStaff(t, org, 'facilitator')).token),
      { 'X-API-Key': (await addApiKey(t, org, 'integration')).key },
      { 'X-API-Key': (await addApiKey(t, org, 'readonly')).key },
    ];
    for (const as of refused) expectProblem(await t.http.get('/v1/exports/organization').set(as), 403, 'FORBIDDEN');
    expectProblem(await t.http.get('/v1/exports/organization'), 401, 'UNAUTHENTICATED');
  });

  it('records the export in the audit trail once it has been sent', async () => {
    const res = await fetch(`${origin}/v1/exports/organization`, { headers: owner });
    await res.text();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await t.app.get(AuditWriter).drain();
    const events = await t.http.get('/v1/audit-events').query({ action: 'exportOrganization', limit: 100 }).set(owner);
    const mine = events.body.data.filter((e: { requestId: string }) => e.requestId === res.headers.get('x-request-id'));
    expect(mine).toEqual([expect.objectContaining({ action: 'exportOrganization', actorId: org.owner.id, status: 200 })]);
  });
});
