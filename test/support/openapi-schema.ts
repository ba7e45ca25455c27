import { readFileSync } from 'node:fs';
import { join } from 'node:path';

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
type Operation = { parameters?: { in: string; name: string; required?: boolean; schema?: Schema & { format?: string } }[]; responses: Record<string, ResponseObject> };

export const spec = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

export function operationOf(method: string, path: string): Operation {
  const operation = spec.paths[path]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${method} ${path} is not in openapi.json`);
  return operation;
}
