import { Ceiling, startCeiling } from '../ceiling';
import { LIVE_BODY } from '../ceiling/floor';
import { CeilingCase, ceilingName, ceilingScenarios, ceilingTable, teach } from '../ceiling/compare';
import type { ScenarioOutcome } from '../report';
import type { BenchContext, ScenarioGroup } from '../scenario';

const bearer = (context: BenchContext) => ({ authorization: `Bearer ${context.seed.staffToken}` });

let ceiling: Ceiling | undefined;

const ME: CeilingCase = {
  endpoint: 'GET /v1/me, bearer, audit on',
  measures: 'JWT check + session query + reads + audit write (as shipped)',
  path: () => '/v1/me',
  token: (context) => context.seed.staffToken,
};
const pair = ceilingScenarios([ME], () => ceiling);
const RAW_FLOOR = 'GET /health/live (ceiling)';

/**
 * What authentication and the audit trail cost per request: the framework floor, then the same
 * authenticated read with the audit write on and off and against its ceiling (interleaved), then
 * with an API key instead of a session.
 */
export const authAudit: ScenarioGroup = {
  name: 'auth-audit',
  prepare: async (context) => {
    if (!context.target.embedded) ceiling = await startCeiling(context.target);
    const close = async () => {
      await ceiling?.close();
      ceiling = undefined;
    };
    await teach(context, ceiling, [ME]).catch(async (error: unknown) => {
      await close();
      throw error;
    });
    const live = await (await fetch(`${context.target.origin}/health/live`)).text();
    if (live !== LIVE_BODY) {
      await close();
      throw new Error(`the raw floor answers ${LIVE_BODY} where TrustPath answers ${live}`);
    }
    return close;
  },
  scenarios: [
    {
      name: 'GET /health/live',
      measures: 'framework floor: no auth, no database',
      audited: false,
      request: () => ({ method: 'GET', path: '/health/live' }),
    },
    {
      name: RAW_FLOOR,
      measures: "plain Fastify's floor: the same answer, byte for byte, with no framework around it",
      audited: false,
      server: () => {
        if (!ceiling) throw new Error('the ceiling is not running');
        return ceiling;
      },
      request: () => ({ method: 'GET', path: '/health/live' }),
    },
    ...pair.scenarios,
    {
      name: 'GET /v1/me, bearer, audit off',
      measures: 'the same without the audit write',
      audited: false,
      // Bench-only: the product has no switch for its audit trail, and must not get one.
      setup: async ({ target }) => {
        await target.auditOff();
        return () => target.auditOn();
      },
      request: (context) => ({ method: 'GET', path: '/v1/me', headers: bearer(context) }),
    },
    {
      name: 'GET /v1/me, API key, audit on',
      measures: 'key lookup + hash compare + reads + audit write',
      audited: true,
      request: (context) => ({ method: 'GET', path: '/v1/me', headers: { 'x-api-key': context.seed.apiKey } }),
    },
  ],
  blocks: [[ME.endpoint, ceilingName(ME), 'GET /v1/me, bearer, audit off'], ['GET /health/live', RAW_FLOOR]],
  enabled: (scenario) => !scenario.name.endsWith('(ceiling)') || ceiling !== undefined,
  comparisons: [
    { label: 'audit cost', subject: 'GET /v1/me, bearer, audit on', baseline: 'GET /v1/me, bearer, audit off' },
    // What every TrustPath answer costs before any of its own work: Nest, the hooks, helmet, CLS, logging, metrics.
    { label: 'framework floor', subject: 'GET /health/live', baseline: RAW_FLOOR },
  ],
  report: (outcomes) => ['## auth-audit: GET /v1/me against its ceiling', '', ...ceilingTable([ME], outcomes), ...floorLines(outcomes)],
};

/** What the framework floor means for every ceiling comparison of the run. */
function floorLines(outcomes: ScenarioOutcome[]): string[] {
  const cpuOf = (name: string) => outcomes.find((o) => o.scenario.name === name)?.measurement.measured.serverCpuMsPerRequest;
  const [framework, plain] = [cpuOf('GET /health/live'), cpuOf(RAW_FLOOR)];
  if (framework === undefined || plain === undefined) return [];
  const extra = (framework - plain).toFixed(2);
  return [
    '',
    `Before any work of its own, every TrustPath answer costs ${framework.toFixed(2)} ms of CPU (GET /health/live: Nest's router and ` +
      `interceptors, CLS, helmet's headers, the request hooks) where plain Fastify's costs ${plain.toFixed(2)} ms. So a read whose ` +
      `ceiling costs c ms of CPU costs TrustPath at least c + ${extra} ms, whatever its SQL and mapping: with c near that floor, as ` +
      `for the by-id reads, the ratio to the ceiling stays well under 0.9; the lists, whose SQL and JSON weigh more, come closer.`,
  ];
}
