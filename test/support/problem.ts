import { Response } from 'supertest';

/** Asserts that a response is RFC 9457 problem+json with the given status and code, and leaks nothing. */
export function expectProblem(res: Response, status: number, code: string): Record<string, unknown> {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(res.text) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code });
  expect(typeof body.type).toBe('string');
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  expect(body.requestId).toBe(res.headers['x-request-id']);
  expect(res.text).not.toMatch(/\n\s+at |\.ts:\d|\.js:\d|\/work\/|node_modules|SELECT |INSERT |QueryFailedError/);
  return body;
}
