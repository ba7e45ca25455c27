import { contractViolations, responseContract } from './support/response-contract';
import { startTestApp, TestApp } from './support/test-app';
import { signupOrganization } from './support/factories';

describe('the response contract every e2e test is held to', () => {
  const base = { method: 'GET', route: '/v1/clients/:id', url: '/v1/clients/5b0f0c6e-2f7c-4a4e-9d59-1f0c8b1b2a77', headers: {} };

  it('finds a body off its schema, an undocumented status and an undocumented content type', () => {
    const ok = contractViolations({ ...base, status: 404, headers: { 'content-type': 'application/problem+json', 'x-request-id': 'r', 'cache-control': 'no-store' }, body: JSON.stringify({ type: 'urn:trustpath:problem:not-found', title: 'Not Found', status: 404, detail: 'No such client.', code: 'NOT_FOUND', requestId: 'r' }) });
    expect(ok).toEqual([]);
    const wrongBody = contractViolations({ ...base, status: 404, headers: { 'content-type': 'application/problem+json' }, body: JSON.stringify({ status: '404' }) });
    expect(wrongBody.join('\n')).toMatch(/must have required property 'code'/);
    expect(wrongBody.join('\n')).toMatch(/\/status must be integer/);
    expect(contractViolations({ ...base, status: 418, body: '' })).toEqual([expect.stringMatching(/status 418 is not documented/)]);
    expect(contractViolations({ ...base, status: 404, headers: { 'content-type': 'text/html', 'x-request-id': 'r', 'cache-control': 'no-store' }, body: '<p>' })).toEqual([
      expect.stringMatching(/content type text\/html is not one of application\/problem\+json/),
    ]);
  });

  it('finds a success body that breaks its documented schema, formats included', () => {
    const client = { id: 'not-a-uuid' };
    const errors = contractViolations({ ...base, status: 200, headers: { 'content-type': 'application/json', etag: '"1"' }, body: JSON.stringify(client) });
    expect(errors.join("\n")).toMatch(/must have required property .createdAt./);
    expect(errors.join('\n')).toMatch(/must have required property 'version'/);
  });

  describe('in a running app', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('checks every answer the app gives, unknown routes included', async () => {
      const before = responseContract.checked;
      const org = await signupOrganization(t);
      await t.http.get('/v1/clients').set('authorization', `Bearer ${org.owner.token}`).expect(200);
      await t.http.get('/v1/no-such-route').expect(404);
      expect(responseContract.checked - before).toBe(2);
    });
  });
});
