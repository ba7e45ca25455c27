import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * The response contract: every answer the application gives in a test is checked against the
 * checked-in OpenAPI document, for its operation and status: the status must be documented, the
 * content type must be the documented one, the body must validate against the documented schema
 * (ajv, formats included), and the documented headers that the server promises must be there.
 * Any mismatch is recorded and fails the test that caused it (see `response-contract.setup.ts`).
 */

type Header = { $ref?: string; required?: boolean; schema?: unknown };
type ResponseObject = { content?: Record<string, { schema?: unknown }>; headers?: Record<string, Header> };
type Operation = { responses: Record<string, ResponseObject> };
type Document = {
  components: { headers?: Record<string, Header>; schemas: Record<string, unknown> };
  paths: Record<string, Record<string, Operation>>;
};

const SPEC_ID = 'openapi.json';
const document = JSON.parse(readFileSync(join(__dirname, '..', '..', SPEC_ID), 'utf8')) as Document;

/**
 * The spec's schemas as JSON Schema, read strictly. OpenAPI 3.0's `nullable: true` means the value
 * may also be null: written as `anyOf: [schema, null]`, so it holds for
 * `{ allOf: [{ $ref }], nullable: true }` too (ajv's own `nullable` only widens a `type` beside it).
 */
function asJsonSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asJsonSchema);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[key] = asJsonSchema(inner);
  // An object schema that lists its properties is closed: a field the spec doesn't document is an
  // error, not a silent extra.
  if (out.properties && typeof out.properties === 'object' && !('additionalProperties' in out)) out.additionalProperties = false;
  if (out.nullable !== true) return out;
  delete out.nullable;
  return { anyOf: [out, { type: 'null' }] };
}

/** Paths the application serves outside the API it documents (the docs themselves, metrics). */
const UNDOCUMENTED = [/^\/docs(\/|$)/, /^\/openapi\.(json|yaml)$/, /^\/metrics$/];

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

function validatorFor(pointer: string): ValidateFunction {
  let validate = validators.get(pointer);
  if (!validate) {
    if (!ajv) {
      // `example` and other OpenAPI annotations are ignored rather than refused. `discriminator`
      // only names the property that tells a oneOf's branches apart (ajv refuses its `mapping`);
      // the branches' single-value enums decide, so oneOf alone checks it.
      ajv = new Ajv({ strict: false, allErrors: true });
      ajv.addKeyword({ keyword: 'discriminator' });
      addFormats(ajv);
      ajv.addSchema(asJsonSchema(document) as object, SPEC_ID);
    }
    validate = ajv.getSchema(`${SPEC_ID}#${pointer}`);
    if (!validate) throw new Error(`openapi.json has no schema at ${pointer}`);
    validators.set(pointer, validate);
  }
  return validate;
}

/** What is wrong in `value` as the component schema `name`, one line per error; empty when it validates. */
export function componentErrors(name: string, value: unknown): string[] {
  const validate = validatorFor(`/components/schemas/${escape(name)}`);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
}

const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0].trim().toLowerCase();
}

/** The headers whose presence the spec promises exactly: sent when documented, documented when sent. */
const EXACT_HEADERS = ['ETag', 'Location', 'X-Request-Id', 'Cache-Control'];

export interface ObservedResponse {
  method: string;
  /** The route template as Fastify matched it (`/v1/clients/:id`), or undefined when none matched. */
  route: string | undefined;
  url: string;
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

/** What is wrong with one response as an answer of its documented operation (empty when nothing). */
export function contractViolations(observed: ObservedResponse): string[] {
  const path = observed.url.split('?')[0];
  // CORS preflights are the browser's, answered by the CORS layer, not operations of the API.
  if (UNDOCUMENTED.some((pattern) => pattern.test(path)) || observed.method === 'OPTIONS') return [];
  const method = observed.method.toLowerCase();
  const template = observed.route?.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
  const where = `${observed.method} ${observed.url} → ${observed.status}`;
  const operation = template ? document.paths[template]?.[method === 'head' ? 'get' : method] : undefined;
  // No operation: the router found none (unknown path or method). It is still a problem document.
  const responses: Record<string, ResponseObject> = operation?.responses ?? {
    [String(observed.status)]: {
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      headers: {
        'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' },
        ...(path.startsWith('/v1/') ? { 'Cache-Control': { $ref: '#/components/headers/Cache-Control' } } : {}),
      },
    },
  };
  const pointerBase = operation ? `/paths/${escape(template!)}/${method === 'head' ? 'get' : method}/responses` : undefined;
  const status = String(observed.status);
  const documented = responses[status];
  if (!documented) return [`${where}: status ${status} is not documented for ${observed.method} ${template ?? path}`];
  const errors: string[] = [];
  const type = mediaType(observed.headers['content-type'] as string | undefined);
  const hasBody = observed.body.length > 0 && method !== 'head';
  if (!documented.content) {
    if (hasBody) errors.push(`${where}: sends a ${type ?? 'untyped'} body the spec does not document`);
  } else if (hasBody || observed.status !== 304) {
    const media = type ? documented.content[type] : undefined;
    if (!media) {
      errors.push(`${where}: content type ${type ?? '(none)'} is not one of ${Object.keys(documented.content).join(', ')}`);
    } else if (media.schema && !/[/+]json$/.test(type!)) {
      // Not JSON (a PDF, an SVG): its media type is the contract; a test reads its content.
    } else if (media.schema && method !== 'head') {
      const pointer = pointerBase
        ? `${pointerBase}/${status}/content/${escape(type!)}/schema`
        : '/components/schemas/Problem';
      let body: unknown;
      try {
        body = JSON.parse(observed.body);
      } catch {
        errors.push(`${where}: the body is not JSON`);
      }
      if (body !== undefined) {
        const validate = validatorFor(pointer);
        if (!validate(body)) {
          for (const error of validate.errors ?? []) {
            errors.push(`${where}: body${error.instancePath} ${error.message}${error.params ? ` ${JSON.stringify(error.params)}` : ''}`);
          }
        }
      }
    }
  }
  for (const [name, header] of Object.entries(documented.headers ?? {})) {
    const resolved = header.$ref ? document.components.headers?.[header.$ref.split('/').pop()!] : header;
    if (resolved?.required && !EXACT_HEADERS.includes(name) && observed.headers[name.toLowerCase()] === undefined) {
      errors.push(`${where}: the required header ${name} is missing`);
    }
  }
  // The headers whose presence the spec promises exactly: sent when documented, documented when sent.
  for (const name of EXACT_HEADERS) {
    const sent = observed.headers[name.toLowerCase()] !== undefined;
    if (documented.headers?.[name] && !sent) errors.push(`${where}: documents ${name} it does not send`);
    if (sent && !documented.headers?.[name] && (observed.status < 300 || name === 'X-Request-Id' || name === 'Cache-Control')) {
      errors.push(`${where}: sends ${name} the spec does not document`);
    }
  }
  return errors;
}

const recorded: string[] = [];
let enforced = true;
let checked = 0;

export const responseContract = {
  record(observed: ObservedResponse): void {
    if (!enforced) return;
    checked += 1;
    try {
      recorded.push(...contractViolations(observed));
    } catch (error) {
      // Runs inside the app's onSend hook: a fault of the check must fail the test, not the response.
      recorded.push(`${observed.method} ${observed.url} → ${observed.status}: the contract could not be checked: ${(error as Error).message}`);
    }
  },
  /** How many responses have been checked in this test file. */
  get checked(): number {
    return checked;
  },
  /** The violations recorded since the last call, cleared. */
  take(): string[] {
    return recorded.splice(0, recorded.length);
  },
  /**
   * For the rare test that must send what the spec forbids and look at what comes back outside
   * the contract (a raw socket test, say): the contract is off until `resume()`.
   */
  pause(): void {
    enforced = false;
  },
  resume(): void {
    enforced = true;
  },
};

/**
 * What is wrong with a supertest response as an answer of the documented operation `method path`
 * (`path` as the spec writes it, `/v1/clients/{id}`): for tests that assert on one answer.
 */
export function conformanceErrors(
  res: { status: number; headers: Record<string, unknown>; text: string; req?: { path?: string } },
  method: string,
  path: string,
): string[] {
  return contractViolations({
    method: method.toUpperCase(),
    route: path.replace(/\{([^}]+)\}/g, ':$1'),
    url: res.req?.path ?? path,
    status: res.status,
    headers: res.headers,
    body: res.text ?? '',
  });
}
