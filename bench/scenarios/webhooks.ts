import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import type { BenchContext, ScenarioGroup } from '../scenario';

const DRAIN_TIMEOUT_MS = 300_000;

/** A local receiver answering 204 to every delivery, counting them. */
let receiver: Server | undefined;
let receiverUrl = '';
let received = 0;
let firstAt = 0;
let lastAt = 0;
const lines: string[] = [];

const key = (context: BenchContext) => ({ 'x-api-key': context.seed.apiKey, 'content-type': 'application/json' });

async function deliveriesPending(context: BenchContext): Promise<number> {
  const [{ count }] = await context.target.query<{ count: number }>("SELECT count(*)::int AS count FROM webhook_deliveries WHERE status = 'pending'");
  return count;
}

/**
 * Webhook delivery throughput: clients are created under load with one webhook subscribed to
 * `client.created`, so each write also queues a delivery (in its own transaction); then the
 * queue's workers deliver them, signed, to a local receiver. The table has the write rate with
 * the delivery queued; the report adds how fast the queue delivered them all once the load ended.
 */
export const webhooks: ScenarioGroup = {
  name: 'webhooks',
  prepare: async () => {
    receiver = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        received += 1;
        lastAt = performance.now();
        if (firstAt === 0) firstAt = lastAt;
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    return () => new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  },
  scenarios: [
    {
      name: 'POST /v1/clients',
      measures: 'a client created and its change recorded, no webhook subscribed: the baseline',
      audited: true,
      request: (context) => ({
        method: 'POST',
        path: '/v1/clients',
        headers: key(context),
        body: JSON.stringify({ firstName: 'Bench', lastName: 'Baseline' }),
      }),
    },
    {
      name: 'POST /v1/clients with a webhook subscribed',
      measures: 'a client created, its change recorded and its delivery queued, in one transaction',
      audited: true,
      setup: async (context) => {
        const res = await fetch(`${context.origin}/v1/webhooks`, {
          method: 'POST',
          headers: key(context),
          body: JSON.stringify({ url: receiverUrl, eventTypes: ['client.created'] }),
        });
        if (res.status !== 201) throw new Error(`subscribing the bench receiver answered ${res.status}: ${await res.text()}`);
        const { id } = (await res.json()) as { id: string };
        received = 0;
        firstAt = 0;
        const loadStarted = performance.now();
        return async () => {
          const deadline = Date.now() + DRAIN_TIMEOUT_MS;
          let pending = await deliveriesPending(context);
          while (pending > 0 && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 200));
            pending = await deliveriesPending(context);
          }
          const seconds = (lastAt - firstAt) / 1000;
          const total = (lastAt - loadStarted) / 1000;
          lines.length = 0;
          lines.push(
            `Webhook deliveries: ${received} delivered${pending > 0 ? `, ${pending} still pending after ${DRAIN_TIMEOUT_MS / 1000} s` : ''}; ` +
              `${seconds > 0 ? Math.round(received / seconds) : received} deliveries/s from the first to the last, ` +
              `all delivered ${total.toFixed(1)} s after the load began.`,
          );
          await fetch(`${context.origin}/v1/webhooks/${id}`, { method: 'DELETE', headers: key(context) });
        };
      },
      request: (context) => ({
        method: 'POST',
        path: '/v1/clients',
        headers: key(context),
        body: JSON.stringify({ firstName: 'Bench', lastName: 'Webhook' }),
      }),
    },
  ],
  comparisons: [{ label: 'queueing a webhook delivery', subject: 'POST /v1/clients with a webhook subscribed', baseline: 'POST /v1/clients' }],
  report: () => [...lines],
};
