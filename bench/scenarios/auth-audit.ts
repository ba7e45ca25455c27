import type { BenchContext, ScenarioGroup } from '../scenario';

const bearer = (context: BenchContext) => ({ authorization: `Bearer ${context.seed.staffToken}` });

/**
 * What authentication and the audit trail cost per request: the framework floor, then the same
 * authenticated read with the audit write on and off, then with an API key instead of a session.
 */
export const authAudit: ScenarioGroup = {
  name: 'auth-audit',
  scenarios: [
    {
      name: 'GET /health/live',
      measures: 'framework floor: no auth, no database',
      audited: false,
      request: () => ({ method: 'GET', path: '/health/live' }),
    },
    {
      name: 'GET /v1/me, bearer, audit on',
      measures: 'JWT check + session query + 2 reads + audit write (as shipped)',
      audited: true,
      request: (context) => ({ method: 'GET', path: '/v1/me', headers: bearer(context) }),
    },
    {
      name: 'GET /v1/me, bearer, audit off',
      measures: 'the same without the audit write',
      audited: false,
      // Bench-only: the product has no switch for its audit trail, and must not get one.
      setup: async ({ auditWriter }) => {
        const record = auditWriter.record;
        auditWriter.record = () => undefined;
        return () => {
          auditWriter.record = record;
        };
      },
      request: (context) => ({ method: 'GET', path: '/v1/me', headers: bearer(context) }),
    },
    {
      name: 'GET /v1/me, API key, audit on',
      measures: 'key lookup + hash compare + 2 reads + audit write',
      audited: true,
      request: (context) => ({ method: 'GET', path: '/v1/me', headers: { 'x-api-key': context.seed.apiKey } }),
    },
  ],
  comparisons: [{ label: 'audit cost', subject: 'GET /v1/me, bearer, audit on', baseline: 'GET /v1/me, bearer, audit off' }],
};
