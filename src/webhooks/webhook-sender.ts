import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { checkTargetUrl, guardedLookup, TargetPolicy, TargetRefused } from './webhook-target';

/** The most of a receiver's answer read; the rest is dropped unread. */
export const RESPONSE_CAP_BYTES = 64 * 1024;

export interface SendResult {
  succeeded: boolean;
  /** The receiver's status, when it answered. */
  status: number | null;
  latencyMs: number;
  /** Why it failed, in TrustPath's words (never the receiver's body). */
  error: string | null;
}

/**
 * POSTs one signed message. The target is checked again (DNS may have changed since the
 * subscription) and the connection goes to the address that passed. A 2xx is a success;
 * a redirect is a failure (never followed), as is anything else, a timeout or a refused target.
 */
export function send(url: string, body: string, headers: Record<string, string>, policy: TargetPolicy, timeoutMs: number): Promise<SendResult> {
  const started = process.hrtime.bigint();
  const elapsed = () => Number((process.hrtime.bigint() - started) / 1_000_000n);
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const done = (result: Omit<SendResult, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, latencyMs: elapsed() });
    };
    let target: URL;
    try {
      target = checkTargetUrl(url, policy);
    } catch (error) {
      done({ succeeded: false, status: null, error: `target refused: ${(error as Error).message}` });
      return;
    }
    const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(
      target,
      {
        method: 'POST',
        lookup: guardedLookup(policy),
        headers: { 'content-type': 'application/json', 'user-agent': 'TrustPath-Webhooks/1', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > RESPONSE_CAP_BYTES) response.destroy();
        });
        const finish = () => {
          if (status >= 200 && status < 300) done({ succeeded: true, status, error: null });
          else if (status >= 300 && status < 400) done({ succeeded: false, status, error: 'redirects are not followed' });
          else done({ succeeded: false, status, error: `answered ${status}` });
        };
        response.on('end', finish);
        response.on('close', finish);
        response.on('error', finish);
      },
    );
    const timer = setTimeout(() => {
      request.destroy();
      done({ succeeded: false, status: null, error: `no answer within ${timeoutMs} ms` });
    }, timeoutMs);
    request.on('error', (error) => {
      const reason = error instanceof TargetRefused ? `target refused: ${error.message}` : `could not connect (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
      done({ succeeded: false, status: null, error: reason });
    });
    request.end(body);
  });
}
