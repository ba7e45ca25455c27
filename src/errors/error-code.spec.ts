import { ErrorCode, problemTypeOf, statusOf, titleOf } from './error-code';

describe('error codes', () => {
  it('gives every code a client or server status and a title', () => {
    for (const code of Object.values(ErrorCode)) {
      const status = statusOf(code);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
      expect(['Client Error', 'Server Error']).not.toContain(titleOf(status));
    }
  });

  it('maps the conventions of the API', () => {
    expect(statusOf(ErrorCode.ValidationFailed)).toBe(400);
    expect(statusOf(ErrorCode.NotFound)).toBe(404);
    expect(statusOf(ErrorCode.MethodNotAllowed)).toBe(405);
    expect(statusOf(ErrorCode.PreconditionFailed)).toBe(412);
    expect(statusOf(ErrorCode.IdempotencyKeyReused)).toBe(422);
    expect(statusOf(ErrorCode.RateLimited)).toBe(429);
  });

  it('derives a stable problem type from the code', () => {
    expect(problemTypeOf(ErrorCode.ValidationFailed)).toBe('urn:trustpath:problem:validation-failed');
  });
});
