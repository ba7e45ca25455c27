import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Response } from 'supertest';

type Schema = {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};
type ResponseObject = { content?: Record<string, { schema?: Schema }>; headers?: Record<string, unknown> };
type Operation = { parameters?: { in: string; name: string; schema?: Schema & { format?: string } }[]; responses: Record<string, ResponseObject> };

export const spec = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

function resolve(schema: Schema): Schema {
  let current = schema;
  while (current.$ref) current = spec.components.schemas[current.$ref.replace('#/components/schemas/', '')];
  return current;
}

/** The places where `value` breaks `schema` (type, required, nullable, enum; objects and arrays, $ref resolved). */
export function schemaErrors(value: unknown, schema: Schema, at = '$'): string[] {
  // `{ allOf: [{ $ref }], nullable: true }` is how a nullable reference is written.
  if (value === null && schema.nullable) return [];
  const s = resolve(schema);
  if (s.allOf) return s.allOf.flatMap((part) => schemaErrors(value, part, at));
  if (s.oneOf || s.anyOf) {
    const options = (s.oneOf ?? s.anyOf)!;
    return options.some((option) => schemaErrors(value, option, at).length === 0) ? [] : [`${at}: matches none of its alternatives`];
  }
  if (value === null) return s.nullable ? [] : [`${at}: is null but not documented nullable`];
  const errors: string[] = [];
  if (s.enum && !s.enum.includes(value)) errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`);
  switch (s.type) {
    case 'object':
      if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: is not an object`];
      for (const name of s.required ?? []) {
        if (!(name in (value as object))) errors.push(`${at}.${name}: is required but missing`);
      }
      for (const [name, property] of Object.entries(s.properties ?? {})) {
        const item = (value as Record<string, unknown>)[name];
        if (item !== undefined) errors.push(...schemaErrors(item, property, `${at}.${name}`));
      }
      break;
    case 'array':
      if (!Array.isArray(value)) return [`${at}: is not an array`];
      value.forEach((item, i) => errors.push(...schemaErrors(item, s.items ?? {}, `${at}[${i}]`)));
      break;
    case 'string':
      if (typeof value !== 'string') errors.push(`${at}: is not a string`);
      break;
    case 'integer':
      if (!Number.isInteger(value)) errors.push(`${at}: is not an integer`);
      break;
    case 'number':
      if (typeof value !== 'number') errors.push(`${at}: is not a number`);
      break;
    case 'boolean':
      if (typeof value !== 'boolean') errors.push(`${at}: is not a boolean`);
      break;
  }
  return errors;
}

export function operationOf(method: string, path: string): Operation {
  const operation = spec.paths[path]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${method} ${path} is not in openapi.json`);
  return operation;
}

/**
 * What is wrong in `res` as an answer of the documented operation: an undocumented status, a
 * body that breaks the documented schema, or an undocumented/missing body, ETag, Location or X-Request-Id.
 */
export function conformanceErrors(res: Response, method: string, path: string): string[] {
  const where = `${method.toUpperCase()} ${path} → ${res.status}`;
  const documented = operationOf(method, path).responses[String(res.status)];
  if (!documented) return [`${where}: status is not documented`];
  const errors: string[] = [];
  const json = documented.content?.['application/json'] ?? documented.content?.['application/problem+json'];
  if (json?.schema) errors.push(...schemaErrors(res.body, json.schema).map((e) => `${where}: ${e}`));
  if (!documented.content && res.text) errors.push(`${where}: sends a body the spec does not document`);
  for (const name of ['ETag', 'Location', 'X-Request-Id']) {
    const sent = res.headers[name.toLowerCase()] !== undefined;
    if (documented.headers?.[name] && !sent) errors.push(`${where}: documents ${name} it does not send`);
    if (sent && !documented.headers?.[name] && (res.status < 300 || name === 'X-Request-Id')) errors.push(`${where}: sends ${name} the spec does not document`);
  }
  return errors;
}
