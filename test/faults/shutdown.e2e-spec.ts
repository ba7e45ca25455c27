import { Client } from 'pg';
import { bearer, signupOrganization } from '../support/factories';
import { expectProblem } from '../support/problem';
import { startTestApp } from '../support/test-app';

const server = process.env.TEST_DATABASE_URL;

/** Shutting down answers every request, as problem+json with Retry-After: none is reset. */
(server ? describe : describe.skip)('shutdown', () => {
  it('answers requests that arrive meanwhile, and those stuck behind a lock, with 503 before closing', async () => {
    const t = await startTestApp({ SHUTDOWN_TIMEOUT_MS: '2000', DATABASE_LOCK_TIMEOUT_MS: '60000' });
    const org = await signupOrganization(t);
    const owner = bearer(org.owner.token);
    const holder = new Client({ connectionString: t.database.url });
    // Dropping the test database at the end ends this session too.
    holder.on('error', () => undefined);
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE clients IN ACCESS EXCLUSIVE MODE');
      const stuck = t.http.get('/v1/clients').set(owner).then((res) => res);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const closing = t.close();
      await new Promise((resolve) => setTimeout(resolve, 100));

      const arriving = await t.http.get('/v1/me').set(owner);
      expectProblem(arriving, 503, 'SERVICE_UNAVAILABLE');
      expect(arriving.headers['retry-after']).toBe('5');
      expect(arriving.headers.connection).toBe('close');

      const answered = await stuck;
      expectProblem(answered, 503, 'SERVICE_UNAVAILABLE');
      expect(answered.headers['retry-after']).toBe('5');
      await holder.query('ROLLBACK').catch(() => undefined);
      await closing;
    } finally {
      await holder.end().catch(() => undefined);
    }
  });
});
