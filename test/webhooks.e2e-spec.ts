import { Webhook as StandardWebhook } from 'standardwebhooks';
import { addStaff, bearer, createClient, Org, signupOrganization } from './support/factories';
import { expectProblem } from './support/problem';
import { startTestApp, TestApp } from './support/test-app';
import { WebhookReceiver } from './support/webhook-receiver';

type Headers = Record<string, string>;

describe('webhooks', () => {
  let t: TestApp;
  let org: Org;
  let owner: Headers;
  const receiver = new WebhookReceiver();
  let base: string;

  beforeAll(async () => {
    base = await receiver.start();
    receiver.answer = (path) => (path.startsWith('/fail') ? 500 : path.startsWith('/redirect') ? 302 : 200);
    t = await startTestApp({ WEBHOOK_WORKERS: 'true', WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_RETRY_DELAY_SECONDS: '1', WEBHOOK_MAX_ATTEMPTS: '3' });
    org = await signupOrganization(t);
    owner = bearer(org.owner.token);
  });

  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  const subscribe = async (path: string, body: Record<string, unknown> = {}, as = owner) => {
    const res = await t.http.post('/v1/webhooks').set(as).send({ url: `${base}${path}`, ...body });
    if (res.status !== 201) throw new Error(`subscribe: ${res.status} ${res.text}`);
    return res.body as { id: string; secret: string; version: number };
  };

  const deliveries = async (id: string) => {
    const res = await t.http.get(`/v1/webhooks/${id}/deliveries`).set(owner);
    expect(res.status).toBe(200);
    return res.body.data as Array<{ id: string; status: string; attempts: number; eventType: string; responseStatus: number | null; attemptLog: unknown[] }>;
  };

  it('delivers each change of the chosen types, signed so a Standard Webhooks library verifies it, with ids only', async () => {
    const hook = await subscribe('/ok', { eventTypes: ['client.created', 'client.archived'] });
    expect(hook.secret).toMatch(/^whsec_/);
    expect((await t.http.get(`/v1/webhooks/${hook.id}`).set(owner)).body.secret).toBeUndefined();

    const client = await createClient(t, owner, { email: 'private@example.org' });
    await t.http.patch(`/v1/clients/${client.id}`).set(owner).send({ preferredName: 'Nono' });
    await t.http.delete(`/v1/clients/${client.id}`).set(owner);
    // Deliveries run side by side: they may arrive in any order (the position tells the order).
    const arrived = await receiver.waitFor('/ok', 2);
    const ofType = (type: string) => arrived.find((r) => (JSON.parse(r.body) as { type: string }).type === type)!;
    const [created, archived] = [ofType('client.created'), ofType('client.archived')];

    const verifier = new StandardWebhook(hook.secret);
    for (const message of [created, archived]) {
      expect(() => verifier.verify(message.body, message.headers as Record<string, string>)).not.toThrow();
      expect(message.body).not.toContain('private@example.org');
      expect(message.body).not.toContain(client.lastName);
    }
    expect(JSON.parse(created.body)).toMatchObject({ type: 'client.created', data: { resourceType: 'client', resourceId: client.id, version: 1 } });
    expect(JSON.parse(archived.body)).toMatchObject({ type: 'client.archived', data: { resourceId: client.id, version: 3 } });
    // The change's id is the message id, so a receiver can drop a repeat.
    const feed = await t.http.get('/v1/changes').query({ types: 'client.created' }).set(owner);
    expect(feed.body.data.map((c: { id: string }) => c.id)).toContain(created.headers['webhook-id']);
    expect(() => new StandardWebhook(hook.secret).verify(created.body.replace('client', 'couple'), created.headers as Record<string, string>)).toThrow();

    // The attempt is logged once the receiver has answered: wait for it.
    let log = await deliveries(hook.id);
    for (let i = 0; i < 50 && log.some((d) => d.status === 'pending'); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      log = await deliveries(hook.id);
    }
    expect(log.map((d) => [d.eventType, d.status, d.attempts, d.responseStatus])).toEqual(
      expect.arrayContaining([
        ['client.created', 'succeeded', 1, 200],
        ['client.archived', 'succeeded', 1, 200],
      ]),
    );
  });

  it('retries a failing receiver with growing waits, fails the delivery, disables the webhook and says so on the feed', async () => {
    const hook = await subscribe('/fail', { eventTypes: ['couple.created'] });
    const start = (await t.http.get('/v1/changes').query({ types: 'webhook.disabled' }).set(owner)).body.nextCursor;
    const [a, b] = [(await createClient(t, owner)).id, (await createClient(t, owner)).id];
    expect((await t.http.post('/v1/couples').set(owner).send({ partnerIds: [a, b] })).status).toBe(201);

    const attempts = await receiver.waitFor('/fail', 3, 60_000);
    expect(new Set(attempts.map((r) => r.headers['webhook-id'])).size).toBe(1);
    const waits = [attempts[1].at - attempts[0].at, attempts[2].at - attempts[1].at];
    expect(waits[0]).toBeGreaterThanOrEqual(400);
    expect(waits[1]).toBeGreaterThan(waits[0] * 0.9);

    let webhook: { status: string; disabledReason: string } | undefined;
    for (let i = 0; i < 50 && webhook?.status !== 'disabled'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      webhook = (await t.http.get(`/v1/webhooks/${hook.id}`).set(owner)).body;
    }
    expect(webhook).toMatchObject({ status: 'disabled', disabledReason: expect.stringContaining('3 attempts') });
    const [failed] = await deliveries(hook.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, responseStatus: 500 });
    expect(failed.attemptLog).toHaveLength(3);
    const feed = await t.http.get('/v1/changes').query({ after: start, types: 'webhook.disabled' }).set(owner);
    expect(feed.body.data).toEqual([expect.objectContaining({ type: 'webhook.disabled', resourceId: hook.id, actorType: 'system' })]);

    // Retrying by hand: a new round; a delivery not failed cannot be retried.
    receiver.answer = (path) => (path.startsWith('/redirect') ? 302 : 200);
    await t.http.patch(`/v1/webhooks/${hook.id}`).set(owner).send({ status: 'active' });
    const retried = await t.http.post(`/v1/webhooks/${hook.id}/deliveries/${failed.id}/retry`).set(owner);
    expect(retried.status).toBe(202);
    await receiver.waitFor('/fail', 4);
    expectProblem(await t.http.post(`/v1/webhooks/${hook.id}/deliveries/${failed.id}/retry`).set(owner), 409, 'CONFLICT');
    receiver.answer = (path) => (path.startsWith('/fail') ? 500 : path.startsWith('/redirect') ? 302 : 200);
  });

  it('does not follow redirects', async () => {
    const hook = await subscribe('/redirect');
    expect((await t.http.post(`/v1/webhooks/${hook.id}/test`).set(owner)).status).toBe(202);
    await receiver.waitFor('/redirect', 1);
    let log = await deliveries(hook.id);
    for (let i = 0; i < 50 && log[0]?.status === 'pending'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      log = await deliveries(hook.id);
    }
    expect(log[0]).toMatchObject({ eventType: 'webhook.test', status: 'failed', responseStatus: 302 });
    expect(receiver.received.filter((r) => r.path === '/elsewhere')).toEqual([]);
  });

  it('signs with the old and the new secret while a rotation overlaps', async () => {
    const hook = await subscribe('/rotated');
    const rotated = await t.http.patch(`/v1/webhooks/${hook.id}`).set(owner).send({ rotateSecret: true });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(hook.secret);
    expect(rotated.body.previousSecretExpiresAt).toEqual(expect.any(String));
    const sent = await t.http.post(`/v1/webhooks/${hook.id}/test`).set(owner);
    let ping = receiver.received.find((r) => r.headers['webhook-id'] === sent.body.messageId);
    for (let i = 0; i < 100 && !ping; i += 1) {
      await receiver.waitFor('/rotated', receiver.received.filter((r) => r.path === '/rotated').length + 1, 1_000).catch(() => undefined);
      ping = receiver.received.find((r) => r.headers['webhook-id'] === sent.body.messageId);
    }
    if (!ping) throw new Error('the test ping did not arrive');
    expect(String(ping.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [hook.secret, rotated.body.secret]) {
      expect(() => new StandardWebhook(secret).verify(ping.body, ping.headers as Record<string, string>)).not.toThrow();
    }
    expect(JSON.parse(ping.body)).toMatchObject({ type: 'webhook.test' });
  });

  it('refuses targets that are not public http(s) without credentials', async () => {
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://user:pass@example.org/hook', 'http://[::ffff:169.254.169.254]/', 'http://metadata.google.internal/']) {
      expectProblem(await t.http.post('/v1/webhooks').set(owner).send({ url }), 422, 'WEBHOOK_TARGET_REFUSED');
    }
    expectProblem(await t.http.post('/v1/webhooks').set(owner).send({ url: 'ftp://example.org/hook' }), 400, 'VALIDATION_FAILED');
    const hook = await subscribe('/ok');
    expectProblem(await t.http.patch(`/v1/webhooks/${hook.id}`).set(owner).send({ url: 'http://169.254.169.254/' }), 422, 'WEBHOOK_TARGET_REFUSED');
  });

  it('is managed by owners, admins and integration keys of the organization only', async () => {
    const hook = await subscribe('/ok');
    const practitioner = await addStaff(t, org, 'practitioner');
    expectProblem(await t.http.get('/v1/webhooks').set(bearer(practitioner.token)), 403, 'FORBIDDEN');
    const other = await signupOrganization(t, 'Elsewhere');
    const theirs = bearer(other.owner.token);
    expectProblem(await t.http.get(`/v1/webhooks/${hook.id}`).set(theirs), 404, 'NOT_FOUND');
    expectProblem(await t.http.get(`/v1/webhooks/${hook.id}/deliveries`).set(theirs), 404, 'NOT_FOUND');
    expectProblem(await t.http.post(`/v1/webhooks/${hook.id}/test`).set(theirs), 404, 'NOT_FOUND');
    expectProblem(await t.http.delete(`/v1/webhooks/${hook.id}`).set(theirs), 404, 'NOT_FOUND');
    expect((await t.http.get('/v1/webhooks').set(theirs)).body.data).toEqual([]);
    expect((await t.http.delete(`/v1/webhooks/${hook.id}`).set(owner)).status).toBe(204);
    expectProblem(await t.http.get(`/v1/webhooks/${hook.id}`).set(owner), 404, 'NOT_FOUND');
  });
});
