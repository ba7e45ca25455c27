import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { sortKeys } from '../common/canonical-json';
import { ERROR_MEANINGS, ErrorCode, statusOf } from '../errors/error-code';
import { PROBLEM_MEMBERS, ProblemMember } from '../errors/problem-members';
import { addResponseHeaders } from './response-headers';
import { describeValidation } from './validation-rules';

/** The spec's version is the release's: package.json, two folders up from here in src/ and in dist/. */
const PACKAGE_VERSION = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

type Operation = {
  operationId?: string;
  parameters?: unknown[];
  requestBody?: unknown;
  security?: Record<string, string[]>[];
  responses: Record<string, unknown>;
};

const PROBLEM_DESCRIPTIONS: Record<string, string> = {
  '400': 'Invalid input (problem+json with per-field `errors`)',
  '401': 'Missing, invalid or expired credentials',
  '403': 'The caller’s role may not perform this operation',
  '404': 'Not found, or outside the caller’s organization or caseload',
  '409': 'Conflicts with the current state',
  '412': 'The `If-Match` version is stale',
  '413': 'The request body is too large',
  '415': 'The request body is not JSON',
  '422': 'The `Idempotency-Key` was used with another body',
  '429': 'Too many requests; see `Retry-After`',
  '500': 'Unexpected error; quote the `requestId`',
  '503': 'Unavailable for a moment (the database is out of reach, or the server is shutting down); retry after `Retry-After` seconds',
};

export const SECURITY_BEARER = 'bearer';
export const SECURITY_API_KEY = 'apiKey';
export const SECURITY_PORTAL = 'portalBearer';

function problemResponse(status: string) {
  return {
    description: PROBLEM_DESCRIPTIONS[status] ?? 'Error',
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  };
}

/**
 * Documents the errors every operation can produce from its shape, so the spec can't forget one:
 * a body or parameter can be invalid (400), a path id can be missing (404), a secured route
 * can be refused (401/403); anything can fail unexpectedly (500), or find the database out of reach
 * or the server shutting down (503).
 */
function addProblemResponses(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of Object.values(item) as Operation[]) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      const statuses = new Set(
        Object.keys(operation.responses).filter((s) => Number(s) >= 400),
      );
      if (operation.requestBody || (operation.parameters?.length ?? 0) > 0) statuses.add('400');
      if (operation.requestBody) {
        statuses.add('413');
        statuses.add('415');
      }
      if (path.includes('{')) statuses.add('404');
      const secured = (operation.security ?? []).length > 0;
      if (secured) {
        statuses.add('401');
        statuses.add('403');
      } else {
        operation.security = [];
      }
      statuses.add('500');
      statuses.add('503');
      for (const status of statuses) operation.responses[status] = problemResponse(status);
    }
  }
}

type Schema = { $ref?: string; properties?: Record<string, unknown> };
type Response = { content?: Record<string, { schema?: Schema }>; headers?: Record<string, unknown> };

/**
 * Documents the `ETag` header on every success response whose body is one versioned resource
 * (an `id` and a `version`), the same rule by which the ETag interceptor sends it.
 */
function addETagHeaders(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as Operation[]) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      for (const [status, response] of Object.entries(operation.responses as Record<string, Response>)) {
        const ref = response.content?.['application/json']?.schema?.$ref;
        const properties = ref ? schemas[ref.replace('#/components/schemas/', '')]?.properties : undefined;
        if (!status.startsWith('2') || !properties?.id || !properties.version) continue;
        response.headers = { ...response.headers, ETag: { $ref: '#/components/headers/ETag' } };
      }
    }
  }
}

type SchemaNode = Schema & { type?: string; nullable?: boolean; oneOf?: SchemaNode[]; allOf?: SchemaNode[]; items?: SchemaNode; additionalProperties?: unknown };

/**
 * Closes every variant of a union that a request body holds (`additionalProperties: false`): the
 * server refuses a property its variant doesn't have, and a closed variant tells clients so.
 */
function closeRequestVariants(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaNode>;
  const seen = new Set<SchemaNode>();
  const componentOf = (ref: string) => schemas[ref.replace('#/components/schemas/', '')];
  const visit = (schema: SchemaNode | undefined): void => {
    if (!schema || seen.has(schema)) return;
    seen.add(schema);
    if (schema.$ref) return visit(componentOf(schema.$ref));
    for (const variant of schema.oneOf ?? []) {
      if (variant.$ref) componentOf(variant.$ref).additionalProperties = false;
      visit(variant);
    }
    for (const part of schema.allOf ?? []) visit(part);
    for (const property of Object.values(schema.properties ?? {}) as SchemaNode[]) visit(property);
    visit(schema.items);
  };
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as Operation[]) {
      const body = operation?.requestBody as { content?: Record<string, { schema?: SchemaNode }> } | undefined;
      for (const media of Object.values(body?.content ?? {})) visit(media.schema);
    }
  }
}

/**
 * Properties that refer to another schema, as OpenAPI 3.0 wants them: the Swagger module wraps a
 * lone reference in `allOf` and drops `type` beside `oneOf`, but `nullable` is read only beside a
 * `type`, and an `allOf` of one schema with nothing beside it is that schema.
 */
function tidyReferences(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaNode>;
  for (const schema of Object.values(schemas)) {
    for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, SchemaNode>)) {
      const parts = property.allOf ?? property.oneOf;
      if (property.allOf?.length === 1 && Object.keys(property).length === 1) schema.properties![name] = property.allOf[0];
      else if (parts && property.nullable && !property.type) {
        const first = parts[0]?.$ref ? schemas[parts[0].$ref.replace('#/components/schemas/', '')] : parts[0];
        property.type = property.oneOf ? 'object' : (first?.type ?? 'object');
      }
    }
  }
}

/** Each member `PROBLEM_MEMBERS` lists, with its schema and the codes whose problems carry it. */
function problemMembers(): Map<string, { schema: Record<string, unknown>; codes: ErrorCode[] }> {
  const members = new Map<string, { schema: Record<string, unknown>; codes: ErrorCode[] }>();
  for (const [code, byName] of Object.entries(PROBLEM_MEMBERS) as [ErrorCode, Record<string, ProblemMember<unknown>>][]) {
    for (const [name, member] of Object.entries(byName)) {
      const known = members.get(name);
      if (known && JSON.stringify(known.schema) !== JSON.stringify(member.schema)) {
        throw new Error(`The problem member ${name} has two schemas: give one of them another name.`);
      }
      members.set(name, { schema: member.schema, codes: [...(known?.codes ?? []), code] });
    }
  }
  return members;
}

/** The Problem schema: every code with its status and meaning, and every member a problem can carry. */
function addProblemSchema(document: OpenAPIObject): void {
  const codes = Object.values(ErrorCode);
  const code: SchemaObject & { 'x-enum-descriptions': string[] } = {
    type: 'string',
    enum: codes,
    example: ErrorCode.ValidationFailed,
    description: `What went wrong, stable to branch on:\n\n${codes.map((c) => `- \`${c}\` (${statusOf(c)}): ${ERROR_MEANINGS[c]}`).join('\n')}`,
    // Read by generators (openapi-typescript among them) as each value's documentation.
    'x-enum-descriptions': codes.map((c) => ERROR_MEANINGS[c]),
  };
  const members = Object.fromEntries(
    [...problemMembers()].map(([name, { schema, codes: carriedBy }]) => [
      name,
      { ...schema, description: `${String(schema.description)} Given with ${carriedBy.map((code) => `\`${code}\``).join(', ')}.` },
    ]),
  );
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas.Problem = {
    type: 'object',
    description: 'An RFC 9457 problem details object. Beside the standard members, a problem carries the optional members its `code` gives.',
    required: ['type', 'title', 'status', 'detail', 'code', 'requestId'],
    properties: {
      type: { type: 'string', format: 'uri', example: 'urn:trustpath:problem:validation-failed' },
      title: { type: 'string', example: 'Bad Request' },
      status: { type: 'integer', example: 400 },
      detail: { type: 'string', example: 'The request is invalid.' },
      code,
      requestId: { type: 'string', example: '5b0f0c6e-2f7c-4a4e-9d59-1f0c8b1b2a77' },
      ...members,
    },
  };
}

let metadataLoaded: Promise<void> | undefined;

/** The Swagger CLI plugin's metadata, generated into `src/metadata.ts` by `npm run openapi`. */
function loadPluginMetadata(): Promise<void> {
  metadataLoaded ??= SwaggerModule.loadPluginMetadata(async () => (await import('../metadata')).default());
  return metadataLoaded;
}

export async function createOpenApiDocument(app: INestApplication): Promise<OpenAPIObject> {
  await loadPluginMetadata();
  const config = new DocumentBuilder()
    .setTitle('TrustPath API')
    .setDescription(
      'Case management for practitioners who help people rebuild trust in a damaged relationship. ' +
        'Errors are RFC 9457 `application/problem+json`; lists are cursor-paginated.\n\n' +
        'A body is a JSON object; `null` is accepted only for `nullable` fields (it clears them). ' +
        'PATCH changes the fields sent; one that changes nothing answers the record as it is, with the same version and ETag. ' +
        'Every response carries `X-Request-Id`. A method a path does not have (say `PUT` where the path has `PATCH`, or ' +
        '`DELETE` on a collection) answers 405 problem+json with an `Allow` header naming the methods it has; such ' +
        'answers are not listed under each operation. Any operation can answer 503 with `Retry-After` while the ' +
        'database is out of reach or the server is shutting down.',
    )
    .setVersion(PACKAGE_VERSION)
    .setLicense('AGPL-3.0-only', 'https://www.gnu.org/licenses/agpl-3.0.html')
    // Relative, so "Try it out" calls whichever host and port served the docs.
    .addServer('/', 'This server')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, SECURITY_BEARER)
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, SECURITY_API_KEY)
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'A client\'s portal access token (from `/v1/portal/auth/login`). It opens the `Portal` routes only; staff tokens and API keys open none of them.',
      },
      SECURITY_PORTAL,
    )
    .addTag('Portal', 'The client portal: a client signed in with their own passphrase reads and writes only what is theirs.')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
  });
  describeValidation(document);
  addProblemSchema(document);
  closeRequestVariants(document);
  tidyReferences(document);
  addProblemResponses(document);
  addETagHeaders(document);
  addResponseHeaders(document);
  return sortKeys(document);
}
