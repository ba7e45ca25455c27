/**
 * What clinic software does with TrustPath, end to end, typed from the checked-in OpenAPI spec:
 * sign up (or log in), make an API key, create clients safely under retries, enroll a couple in the
 * built-in program and move it along, document a session with a signed SOAP note, sync changes
 * (archived records included), lose no update to a concurrent edit, catch up with the changes feed,
 * and receive a webhook and verify its signature.
 *
 * Every request and answer is typed by `src/schema.d.ts` (`npm run generate`). Each step checks
 * what came back and throws when it is wrong; the process exits non-zero on the first failure.
 *
 *   TRUSTPATH_URL        the API (default http://localhost:3000)
 *   TRUSTPATH_EMAIL      with TRUSTPATH_PASSWORD: log in as this owner or admin instead of signing up
 *   TRUSTPATH_PASSWORD
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import createClient from 'openapi-fetch';
import { Webhook } from 'standardwebhooks';
import type { components, paths } from './schema.js';

type Problem = components['schemas']['Problem'];
type ClientDto = components['schemas']['ClientDto'];
type ChangeDto = components['schemas']['ChangeDto'];

/** What every openapi-fetch call resolves to: the typed body of a success or of an error, and the raw response. */
interface Answer<Data, Failure> {
  data?: Data;
  error?: Failure;
  response: Response;
}

const baseUrl = process.env.TRUSTPATH_URL ?? 'http://localhost:3000';
const run = randomUUID().slice(0, 8);

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function describeFailure(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && 'detail' in error) {
    const requestId = 'requestId' in error ? ` (request ${String(error.requestId)})` : '';
    return `: ${String(error.code)} ${String(error.detail)}${requestId}`;
  }
  return error === undefined ? '' : `: ${JSON.stringify(error)}`;
}

/** The body of an answer that must have this status. */
function expectStatus<Data, Failure>(answer: Answer<Data, Failure>, status: number): Data {
  const { response } = answer;
  check(response.status === status, `expected HTTP ${status}, got ${response.status}${describeFailure(answer.error)}`);
  check(answer.data !== undefined, `HTTP ${status} came without a body`);
  return answer.data;
}

/** The problem+json of an answer that must be refused with this status and code. */
function expectProblem<Data>(answer: Answer<Data, Problem>, status: number, code: Problem['code']): Problem {
  const { response, error } = answer;
  check(response.status === status, `expected HTTP ${status} ${code}, got ${response.status}${describeFailure(error)}`);
  const type = response.headers.get('content-type') ?? '';
  check(type.startsWith('application/problem+json'), `expected application/problem+json, got ${type || 'no content type'}`);
  check(error !== undefined && error.code === code, `expected ${code}${describeFailure(error)}`);
  return error;
}

/** The ETag of a single-resource answer, which is its version in quotes: what `If-Match` takes. */
function etagOf(response: Response, version: number): string {
  const etag = response.headers.get('etag');
  check(etag === `"${version}"`, `expected the ETag "${version}", got ${etag ?? 'none'}`);
  return etag;
}

/** A failure already reported on its step's line. */
class StepFailed extends Error {}

let steps = 0;
/** Runs one step and prints one line for it: `ok` with what it found, or `FAIL` with why. */
async function step<T>(title: string, work: () => Promise<T>, detail?: (value: T) => string): Promise<T> {
  steps += 1;
  const label = `${String(steps).padStart(2)}. ${title}`;
  try {
    const value = await work();
    console.log(`ok   ${label}${detail ? `: ${detail(value)}` : ''}`);
    return value;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.log(`FAIL ${label}: ${reason}`);
    throw new StepFailed(reason, { cause: error });
  }
}

async function scenario(): Promise<void> {
  const anonymous = createClient<paths>({ baseUrl });

  await step('the API is ready', async () => {
    const health = expectStatus(await anonymous.GET('/health/ready'), 200);
    check(health.status === 'ok' && health.database === 'up', `readiness says ${JSON.stringify(health)}`);
  });

  const session = await step(
    process.env.TRUSTPATH_EMAIL ? 'log in' : 'sign up an organization and its owner',
    async () => {
      const email = process.env.TRUSTPATH_EMAIL;
      const password = process.env.TRUSTPATH_PASSWORD;
      const signup = {
        organizationName: `Harbor Counseling ${run}`,
        email: `owner-${run}@example.org`,
        displayName: 'Olive Harbor',
        password: `a long passphrase ${run}`,
      };
      check(!email || password !== undefined, 'TRUSTPATH_PASSWORD is needed with TRUSTPATH_EMAIL');
      const tokens = email
        ? expectStatus(await anonymous.POST('/v1/auth/login', { body: { email, password: password ?? '' } }), 200)
        : expectStatus(await anonymous.POST('/v1/auth/signup', { body: signup }), 201);
      check(tokens.tokenType === 'Bearer' && tokens.accessToken.length > 0, 'no bearer token came back');
      return tokens;
    },
    (tokens) => `${tokens.user.email}, role ${tokens.user.role}, organization ${tokens.organization.name}`,
  );
  const owner = session.user;
  // Staff send their access token; signing session notes is a person's act, so it goes through staff.
  const staff = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${session.accessToken}` } });

  const apiKey = await step(
    'create an integration API key',
    async () => {
      const created = expectStatus(await staff.POST('/v1/api-keys', { body: { name: `EHR sync ${run}`, role: 'integration' } }), 201);
      check(created.key.startsWith(created.prefix), 'the key does not start with its prefix');
      return created;
    },
    (created) => `prefix ${created.prefix}`,
  );
  // Clinic software sends its key on every request.
  const clinic = createClient<paths>({ baseUrl, headers: { 'X-API-Key': apiKey.key } });

  await step('the key knows who it is', async () => {
    const me = expectStatus(await clinic.GET('/v1/me'), 200);
    check(me.kind === 'apiKey' && me.role === 'integration', `GET /v1/me says ${me.kind} ${me.role}`);
    check(me.permissions.includes('clients:write'), 'an integration key cannot write clients');
  });

  const danaInput = { firstName: 'Dana', lastName: 'Okafor', externalId: `EHR-${run}-1`, tags: ['couples-work'] };
  const idempotencyKey = `create-client-${run}`;
  const dana = await step(
    'create a client with an Idempotency-Key',
    async () => {
      const answer = await clinic.POST('/v1/clients', { params: { header: { 'Idempotency-Key': idempotencyKey } }, body: danaInput });
      const created = expectStatus(answer, 201);
      etagOf(answer.response, created.version);
      check(answer.response.headers.get('idempotency-replayed') === null, 'a first answer is marked as replayed');
      check(created.externalId === danaInput.externalId, 'the external id did not round-trip');
      check(answer.response.headers.get('location') === `/v1/clients/${created.id}`, 'the 201 does not send the Location of the new client');
      return created;
    },
    (created) => created.id,
  );

  await step(
    'retry the same request: the same client comes back, marked as replayed',
    async () => {
      const answer = await clinic.POST('/v1/clients', { params: { header: { 'Idempotency-Key': idempotencyKey } }, body: danaInput });
      const replayed = expectStatus(answer, 201);
      check(replayed.id === dana.id, `the retry created another client ${replayed.id}`);
      check(answer.response.headers.get('idempotency-replayed') === 'true', 'the retry is not marked Idempotency-Replayed: true');
      return replayed;
    },
    (replayed) => replayed.id,
  );

  const rafael = await step(
    'create the partner',
    async () => {
      const body = { firstName: 'Rafael', lastName: 'Rivera', externalId: `EHR-${run}-2` };
      return expectStatus(await clinic.POST('/v1/clients', { params: { header: { 'Idempotency-Key': `create-client-${run}-2` } }, body }), 201);
    },
    (created) => created.id,
  );

  await step('screen both partners before joint work', async () => {
    for (const partner of [dana, rafael]) {
      const screening = expectStatus(
        await clinic.POST('/v1/clients/{id}/safety-screenings', { params: { path: { id: partner.id } }, body: { result: 'clear' } }),
        201,
      );
      check(screening.clientId === partner.id && screening.result === 'clear', `the screening of ${partner.id} was not recorded`);
    }
  });

  const couple = await step(
    'create the couple',
    async () => {
      const partnerIds = [dana.id, rafael.id];
      const created = expectStatus(await clinic.POST('/v1/couples', { body: { partnerIds, label: 'Okafor – Rivera', status: 'active' } }), 201);
      check(created.partners.map((p) => p.id).join() === partnerIds.join(), 'the partners came back in another order');
      check(created.safetyStatus === 'clear', `the couple's safety status is ${created.safetyStatus}, not clear`);
      return created;
    },
    (created) => created.id,
  );

  const { program, firstStep, firstPractice } = await step(
    'find the built-in program',
    async () => {
      const page = expectStatus(await clinic.GET('/v1/programs', { params: { query: { key: 'rebuilding-trust' } } }), 200);
      const found = page.data.find((p) => p.builtIn);
      check(found !== undefined, 'no built-in rebuilding-trust program');
      check(found.steps.length === 7, `the program has ${found.steps.length} steps, not 7`);
      const [first] = found.steps;
      check(first !== undefined && first.key === 'acknowledge-the-hurt', 'the program does not start with acknowledge-the-hurt');
      const [practice] = first.practices;
      check(practice !== undefined, 'the first step has no practice');
      return { program: found, firstStep: first, firstPractice: practice };
    },
    ({ program: found }) => `${found.key} v${found.programVersion}`,
  );

  let enrollment = await step(
    'enroll the couple',
    async () => {
      const answer = await clinic.POST('/v1/enrollments', { body: { programId: program.id, coupleId: couple.id } });
      const created = expectStatus(answer, 201);
      check(created.subject.type === 'couple' && created.subject.id === couple.id, 'the enrollment is not the couple’s');
      check(created.currentStepKey === firstStep.key, `the current step is ${created.currentStepKey}`);
      return { dto: created, etag: etagOf(answer.response, created.version) };
    },
    ({ dto }) => dto.id,
  );
  enrollment = await step(`start step ${firstStep.key}`, async () => {
    const answer = await clinic.PATCH('/v1/enrollments/{id}/steps/{stepKey}', {
      params: { path: { id: enrollment.dto.id, stepKey: firstStep.key }, header: { 'If-Match': enrollment.etag } },
      body: { status: 'in_progress', note: 'Both partners named the hurt in their own words.' },
    });
    const moved = expectStatus(answer, 200);
    check(moved.steps[0]?.status === 'in_progress', `the step is ${moved.steps[0]?.status}`);
    return { dto: moved, etag: etagOf(answer.response, moved.version) };
  });

  enrollment = await step(`tick practice ${firstPractice.key} for both partners`, async () => {
    const answer = await clinic.PUT('/v1/enrollments/{id}/steps/{stepKey}/practices/{practiceKey}', {
      params: { path: { id: enrollment.dto.id, stepKey: firstStep.key, practiceKey: firstPractice.key }, header: { 'If-Match': enrollment.etag } },
      body: { done: true },
    });
    const ticked = expectStatus(answer, 200);
    const ticks = ticked.steps[0]?.practices.find((p) => p.key === firstPractice.key)?.ticks ?? [];
    const partners = ticks.map((t) => t.partnerId).sort().join();
    check(partners === [dana.id, rafael.id].sort().join(), `the practice is ticked for ${partners || 'nobody'}`);
    return { dto: ticked, etag: etagOf(answer.response, ticked.version) };
  });

  enrollment = await step(`complete step ${firstStep.key}`, async () => {
    const answer = await clinic.PATCH('/v1/enrollments/{id}/steps/{stepKey}', {
      params: { path: { id: enrollment.dto.id, stepKey: firstStep.key }, header: { 'If-Match': enrollment.etag } },
      body: { status: 'completed' },
    });
    const moved = expectStatus(answer, 200);
    const completed = moved.steps[0];
    check(completed?.status === 'completed' && completed.completedAt !== null, `the step is ${completed?.status}`);
    check(moved.currentStepKey === program.steps[1]?.key, `the current step is ${moved.currentStepKey}`);
    return { dto: moved, etag: etagOf(answer.response, moved.version) };
  });

  const therapy = await step(
    'schedule a couple session that began ten minutes ago',
    async () => {
      // Only a session that has started can be completed, so this one starts in the past.
      const startsAt = new Date(Date.now() - 10 * 60_000).toISOString();
      const answer = await staff.POST('/v1/sessions', {
        params: { header: { 'Idempotency-Key': `session-${run}` } },
        body: { kind: 'couple', coupleId: couple.id, startsAt, durationMinutes: 50, modality: 'video', plannedStepKeys: ['acknowledge-the-hurt'] },
      });
      const scheduled = expectStatus(answer, 201);
      check(scheduled.status === 'scheduled' && scheduled.leadUserId === owner.id, `the session is ${scheduled.status}, led by ${scheduled.leadUserId}`);
      return scheduled;
    },
    (scheduled) => scheduled.id,
  );

  await step('the compiler refuses what the server refuses', async () => {
    const invalid = (answer: Answer<unknown, Problem>) => expectProblem(answer, 400, 'VALIDATION_FAILED');
    // A role that does not exist.
    // @ts-expect-error 'superuser' is not an API key role
    invalid(await staff.POST('/v1/api-keys', { body: { name: 'no such role', role: 'superuser' } }));
    // A client without its last name.
    // @ts-expect-error lastName is required
    invalid(await clinic.POST('/v1/clients', { body: { firstName: 'Noor' } }));
    // A filter value outside its enum.
    // @ts-expect-error a client's status is active, paused or discharged
    invalid(await clinic.GET('/v1/clients', { params: { query: { status: 'gone' } } }));
    // A step status that is not one.
    invalid(
      await clinic.PATCH('/v1/enrollments/{id}/steps/{stepKey}', {
        params: { path: { id: enrollment.dto.id, stepKey: firstStep.key }, header: { 'If-Match': enrollment.etag } },
        // @ts-expect-error a step moves to in_progress or completed
        body: { status: 'done' },
      }),
    );
    // A duration given as text. (Its bounds, 5 to 480 minutes, are for the server to check.)
    invalid(
      await staff.POST('/v1/sessions', {
        // @ts-expect-error durationMinutes is a number
        body: { kind: 'couple', coupleId: couple.id, startsAt: new Date().toISOString(), durationMinutes: '50', modality: 'video' },
      }),
    );
    // The spec describes a note by its `format` and a new session by its `kind` as unions, so a
    // generated client refuses a mix of variants at compile time, as the server does at run time.
    // A SOAP note without its objective, assessment and plan:
    invalid(
      await staff.POST('/v1/sessions/{id}/complete', {
        params: { path: { id: therapy.id } },
        body: {
          attendance: [{ clientId: dana.id, attended: true }, { clientId: rafael.id, attended: true }],
          stepsAddressed: ['acknowledge-the-hurt'],
          // @ts-expect-error a SOAP note has subjective, objective, assessment and plan
          note: { format: 'soap', subjective: 'Only the first section.' },
        },
      }),
    );
    // A couple session that also names a client:
    invalid(
      await staff.POST('/v1/sessions', {
        // @ts-expect-error a couple session names its couple, not a client
        body: { kind: 'couple', coupleId: couple.id, clientId: dana.id, startsAt: new Date().toISOString(), durationMinutes: 50, modality: 'video' },
      }),
    );
    // A route that does not exist.
    // @ts-expect-error there is no /v1/client/{id}
    expectProblem(await clinic.GET('/v1/client/{id}', { params: { path: { id: dana.id } } }), 404, 'ROUTE_NOT_FOUND');
    const unchanged = expectStatus(await staff.GET('/v1/sessions/{id}', { params: { path: { id: therapy.id } } }), 200);
    check(unchanged.status === 'scheduled' && unchanged.version === therapy.version, 'a refused completion changed the session');
  });

  await step(
    'complete the session with a signed SOAP note',
    async () => {
      const completed = expectStatus(
        await staff.POST('/v1/sessions/{id}/complete', {
          params: { path: { id: therapy.id } },
          body: {
            attendance: [
              { clientId: dana.id, attended: true },
              { clientId: rafael.id, attended: true },
            ],
            stepsAddressed: ['acknowledge-the-hurt'],
            note: {
              format: 'soap',
              subjective: 'Both partners describe the hurt and its effect on daily life.',
              objective: 'Engaged, calm; one raised voice early, settled quickly.',
              assessment: 'Working on step 1; responsibility is taken without minimizing.',
              plan: 'Practise validating each other once a day; next session in a week.',
            },
          },
        }),
        200,
      );
      check(completed.status === 'completed', `the session is ${completed.status}`);
      check(completed.signedByUserId === owner.id && completed.signedAt !== null, 'the note is not signed by its author');
      const note = completed.note;
      check(note !== null && note.format === 'soap', 'the signed note is not the SOAP note');
      check(note.plan === 'Practise validating each other once a day; next session in a week.', 'the note did not round-trip');
      return completed;
    },
    (completed) => `signed at ${completed.signedAt}`,
  );

  await step('an API key never reads a clinical note', async () => {
    const seen = expectStatus(await clinic.GET('/v1/sessions/{id}', { params: { path: { id: therapy.id } } }), 200);
    check(seen.status === 'completed', `the key sees the session as ${seen.status}`);
    check(seen.noteRedacted && seen.note === null, 'the key can read the note');
  });

  const walkIn = await step(
    'archive a client',
    async () => {
      const created = await clinic.POST('/v1/clients', { body: { firstName: 'Sam', lastName: 'Lee', externalId: `EHR-${run}-3` } });
      const client = expectStatus(created, 201);
      const answer = await clinic.DELETE('/v1/clients/{id}', {
        params: { path: { id: client.id }, header: { 'If-Match': etagOf(created.response, client.version) } },
      });
      const archived = expectStatus(answer, 200);
      check(archived.archivedAt !== null, 'the archived client has no archivedAt');
      return archived;
    },
    (archived) => `${archived.id} at ${archived.archivedAt}`,
  );

  await step(
    'an incremental sync sees the archived client',
    async () => {
      const changed = new Map<string, ClientDto>();
      let cursor: string | undefined;
      do {
        const page = expectStatus(
          await clinic.GET('/v1/clients', {
            // With updatedSince, archived records are listed too (with archivedAt): a sync sees deletions.
            params: { query: { updatedSince: dana.createdAt, limit: 100, cursor } },
          }),
          200,
        );
        for (const client of page.data) changed.set(client.id, client);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const archived = changed.get(walkIn.id);
      check(archived !== undefined, 'the archived client is missing from the sync');
      check(archived.archivedAt !== null, 'the sync does not show the client as archived');
      check(changed.has(dana.id) && changed.has(rafael.id), 'the sync misses a client created since');
      return changed.size;
    },
    (count) => `${count} clients changed since ${dana.createdAt}`,
  );

  await step(
    'PATCH with a stale If-Match is refused with 412 and changes nothing',
    async () => {
      const read = await clinic.GET('/v1/clients/{id}', { params: { path: { id: dana.id } } });
      const before = expectStatus(read, 200);
      const etag = etagOf(read.response, before.version);
      const first = await clinic.PATCH('/v1/clients/{id}', {
        params: { path: { id: dana.id }, header: { 'If-Match': etag } },
        body: { preferredName: 'Dee' },
      });
      const updated = expectStatus(first, 200);
      check(updated.version === before.version + 1, `the version went from ${before.version} to ${updated.version}`);
      // A second writer still holding the old ETag:
      const stale = await clinic.PATCH('/v1/clients/{id}', {
        params: { path: { id: dana.id }, header: { 'If-Match': etag } },
        body: { preferredName: 'D.' },
      });
      const problem = expectProblem(stale, 412, 'PRECONDITION_FAILED');
      const after = expectStatus(await clinic.GET('/v1/clients/{id}', { params: { path: { id: dana.id } } }), 200);
      check(after.version === updated.version && after.preferredName === 'Dee', 'the refused PATCH changed the client');
      return problem;
    },
    (problem) => `${problem.code}, request ${problem.requestId}`,
  );

  await step(
    'catch up with the changes feed: every change in commit order, the archived client included',
    async () => {
      // A store of the last cursor is all an integration keeps; after downtime it reads on from there.
      const changes: ChangeDto[] = [];
      let after: string | undefined;
      for (;;) {
        const page = expectStatus(await clinic.GET('/v1/changes', { params: { query: { after, limit: 100 } } }), 200);
        changes.push(...page.data);
        after = page.nextCursor;
        if (!page.hasMore) break;
      }
      const positions = changes.map((change) => Number(change.position));
      check(positions.every((position, i) => i === 0 || position === (positions[i - 1] ?? 0) + 1), 'the feed skipped or repeated a position');
      check(changes.some((c) => c.type === 'client.created' && c.resourceId === dana.id), 'the feed misses the client created');
      check(changes.some((c) => c.type === 'client.archived' && c.resourceId === walkIn.id), 'the feed misses the archived client');
      // Nothing new since: the same cursor answers an empty page, to poll again later.
      const again = expectStatus(await clinic.GET('/v1/changes', { params: { query: { after } } }), 200);
      check(again.data.length === 0 && again.nextCursor === after, 'the feed moved without a change');
      return { count: changes.length, after };
    },
    ({ count, after }) => `${count} changes, resume after ${after}`,
  );

  await step(
    'receive a webhook and verify its Standard Webhooks signature',
    async () => {
      const receiver = await receiveOne();
      try {
        const hook = expectStatus(
          await clinic.POST('/v1/webhooks', { body: { url: receiver.url, eventTypes: ['client.created'], description: 'example client' } }),
          201,
        );
        check(hook.secret !== undefined && hook.secret.startsWith('whsec_'), 'the secret was not shown on creation');
        const made = expectStatus(await clinic.POST('/v1/clients', { body: { firstName: 'Webhook', lastName: `Example-${run}` } }), 201);
        const message = await receiver.message;
        // Verify against the exact bytes received, before parsing: standardwebhooks checks the
        // HMAC-SHA256 and that webhook-timestamp is recent (replays are refused).
        const event = new Webhook(hook.secret).verify(message.body, message.headers) as { type: string; data: { resourceId: string } };
        check(event.type === 'client.created' && event.data.resourceId === made.id, `unexpected webhook ${JSON.stringify(event)}`);
        expectStatus(await clinic.GET('/v1/webhooks/{id}/deliveries', { params: { path: { id: hook.id } } }), 200);
        const removed = await clinic.DELETE('/v1/webhooks/{id}', { params: { path: { id: hook.id } } });
        check(removed.response.status === 204, `deleting the webhook answered ${removed.response.status}`);
        return message.headers['webhook-id'];
      } finally {
        receiver.close();
      }
    },
    (id) => `webhook-id ${id} verified`,
  );
}

/** A one-shot HTTP receiver on 127.0.0.1 (the server must allow private targets: WEBHOOKS_ALLOW_PRIVATE_TARGETS=true). */
async function receiveOne(): Promise<{ url: string; message: Promise<{ body: string; headers: Record<string, string> }>; close: () => void }> {
  let deliver: (message: { body: string; headers: Record<string, string> }) => void = () => undefined;
  const message = new Promise<{ body: string; headers: Record<string, string> }>((resolve, reject) => {
    deliver = resolve;
    setTimeout(() => reject(new Error('no webhook arrived within 30 s')), 30_000).unref();
  });
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      response.writeHead(204).end();
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers[name] = value;
      deliver({ body: Buffer.concat(chunks).toString('utf8'), headers });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/trustpath`, message, close: () => server.close() };
}

scenario().then(
  () => console.log(`all ${steps} steps passed against ${baseUrl}`),
  (error: unknown) => {
    if (!(error instanceof StepFailed)) console.log(`FAIL after step ${steps}: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
