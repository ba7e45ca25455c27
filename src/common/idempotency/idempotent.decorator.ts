import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiConflictResponse, ApiHeader, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { IDEMPOTENT_SECRET_FIELDS } from './write-transaction.interceptor';

/**
 * Put on every creating POST: `@Post() @Idempotent() create(...)`. With an `Idempotency-Key`
 * header the first answer is stored for 24 hours per organization and replayed to retries
 * by the same credential. `secretFields` (a password) are left out of the stored fingerprint
 * of the request: a fast hash of a body must not stand in for a password hash.
 */
export function Idempotent(options: { secretFields?: string[] } = {}): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(IDEMPOTENT_SECRET_FIELDS, options.secretFields ?? []),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'A unique key (1–255 visible ASCII characters) that makes this request safe to retry for 24 hours: ' +
        'a retry with the same body from the same credential gets the first answer again, marked `Idempotency-Replayed: true`; ' +
        'the same key with another body, or from another staff user or API key, is 422; while the first request is still running, 409.',
      schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$' },
    }),
    ApiConflictResponse({ description: 'A request with this key is still in progress' }),
    ApiUnprocessableEntityResponse({ description: 'The key was used with another request' }),
  );
}
