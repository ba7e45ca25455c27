import { OpenAPIObject } from '@nestjs/swagger';

type HeaderObject = { description: string; required?: boolean; schema: Record<string, unknown> };
type Response = { description?: string; content?: unknown; headers?: Record<string, unknown> };
type Operation = { parameters?: { name?: string; in?: string }[]; responses: Record<string, Response> };

/** The response headers TrustPath sends, described once in `components.headers`. */
const RESPONSE_HEADERS = {
  'X-Request-Id': {
    description:
      'The request’s id: the `X-Request-Id` the request sent, when it is 1–128 characters of `A-Za-z0-9._:-`, or else a new UUID. ' +
      'A problem quotes it as `requestId`.',
    required: true,
    schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$', example: '5b0f0c6e-2f7c-4a4e-9d59-1f0c8b1b2a77' },
  },
  ETag: {
    description: 'The strong ETag of this version of the record, for `If-Match` and `If-None-Match`.',
    required: true,
    schema: { type: 'string', example: '"3"' },
  },
  Location: {
    description: 'The created record’s own URL, relative to the server: a GET of it answers the record.',
    required: true,
    schema: { type: 'string', format: 'uri-reference', example: '/v1/clients/5b0f0c6e-2f7c-4a4e-9d59-1f0c8b1b2a77' },
  },
  'Idempotency-Replayed': {
    description: '`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`; absent from a first answer.',
    required: false,
    schema: { type: 'string', enum: ['true'] },
  },
  'Cache-Control': {
    description: 'Always `no-store` under `/v1`: answers carry clients’ private data and tokens, so no cache may keep them.',
    required: true,
    schema: { type: 'string', enum: ['no-store'] },
  },
  'Retry-After': {
    description: 'Seconds to wait before trying again.',
    required: true,
    schema: { type: 'integer', minimum: 0, example: 2 },
  },
} satisfies Record<string, HeaderObject>;

type HeaderName = keyof typeof RESPONSE_HEADERS;

const ref = (name: HeaderName) => ({ $ref: `#/components/headers/${name}` });

/** The same key's first request still running: the one 409 that says when to retry. */
const IN_PROGRESS_RETRY_AFTER: HeaderObject = {
  description: 'Sent while the first request with this `Idempotency-Key` is still running: seconds to wait before retrying.',
  required: false,
  schema: { type: 'integer', minimum: 0 },
};

/**
 * Statuses an `Idempotency-Key` answer can be replayed with: the handler's own answers. Refusals
 * from before it runs (credentials, role, body size or type) and 422 (the key itself) are not stored.
 */
function replayable(status: string): boolean {
  return status.startsWith('2') || (status.startsWith('4') && !['401', '403', '413', '415', '422', '429'].includes(status));
}

function operationsOf(document: OpenAPIObject): [string, string, Operation][] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>)
      .filter(([, operation]) => operation && typeof operation === 'object' && 'responses' in operation)
      .map(([method, operation]): [string, string, Operation] => [path, method, operation]),
  );
}

/**
 * Documents the headers the server sends, by the same rules that send them: `X-Request-Id` on
 * every response; `Cache-Control: no-store` on every response under `/v1`; `Retry-After` on 429 and 503; `Idempotency-Replayed` where an `Idempotency-Key`
 * answer can be replayed; `Location` on a 201 of one versioned record that has a GET of its own
 * (`<path>/{id}`); and on a GET whose answer carries an `ETag`, `If-None-Match` and its 304.
 * Runs after the problem responses and ETags are in place.
 */
export function addResponseHeaders(document: OpenAPIObject): void {
  document.components ??= {};
  document.components.headers = { ...document.components.headers, ...RESPONSE_HEADERS };
  for (const [path, method, operation] of operationsOf(document)) {
    const idempotent = (operation.parameters ?? []).some((parameter) => parameter.in === 'header' && parameter.name === 'Idempotency-Key');
    const created = operation.responses['201'];
    if (method === 'post' && created?.headers?.ETag && (document.paths[`${path}/{id}`] as { get?: unknown } | undefined)?.get) {
      created.headers.Location = ref('Location');
    }
    if (method === 'get' && operation.responses['200']?.headers?.ETag) addConditionalGet(operation);
    for (const [status, response] of Object.entries(operation.responses)) {
      const headers: Record<string, unknown> = { ...response.headers, 'X-Request-Id': ref('X-Request-Id') };
      if (path.startsWith('/v1/')) headers['Cache-Control'] = ref('Cache-Control');
      if (status === '429' || status === '503') headers['Retry-After'] = ref('Retry-After');
      if (idempotent && status === '409') headers['Retry-After'] = IN_PROGRESS_RETRY_AFTER;
      if (idempotent && replayable(status)) headers['Idempotency-Replayed'] = ref('Idempotency-Replayed');
      response.headers = headers;
    }
  }
}

function addConditionalGet(operation: Operation): void {
  operation.parameters = [
    ...(operation.parameters ?? []),
    {
      name: 'If-None-Match',
      in: 'header',
      required: false,
      description:
        'The `ETag`s of versions the caller already has (or `*`). When the record is still at one of them the answer is 304 with no body. ' +
        'Compared weakly, as RFC 9110 says: `W/"3"` names version 3 too.',
      schema: { type: 'string', example: '"3"' },
    } as { name: string; in: string },
  ];
  operation.responses['304'] = {
    description: 'Not modified: the record is still at a version `If-None-Match` names',
    headers: { ETag: ref('ETag') },
  };
}
