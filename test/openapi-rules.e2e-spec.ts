import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CALENDAR_DATE_PATTERN } from '../src/common/calendar-date';
import { KEY_PATTERN } from '../src/programs/program-rules';
import { PASSWORD_MIN_LENGTH } from '../src/auth/passwords';

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  pattern?: string;
  minLength?: number;
  additionalProperties?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};
type Parameter = { in: string; name: string; schema: Schema };
type Operation = { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } };
const spec = JSON.parse(readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};
const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => ({ where: `${method.toUpperCase()} ${path}`, operation })),
);

function* walk(schema: Schema | undefined, at: string): Generator<[string, Schema]> {
  if (!schema) return;
  yield [at, schema];
  for (const [name, inner] of Object.entries(schema.properties ?? {})) yield* walk(inner, `${at}.${name}`);
  yield* walk(schema.items, `${at}[]`);
  for (const part of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) yield* walk(part, at);
}
const componentName = (ref: string) => ref.replace('#/components/schemas/', '');

describe('the spec says what the server enforces', () => {
  it('types every path parameter: a UUID, a kebab-case key with its pattern, or a calendar date with its pattern', () => {
    const calendarDate = (schema: Schema) => schema.format === 'date' && schema.pattern === CALENDAR_DATE_PATTERN;
    const loose = operations.flatMap(({ where, operation }) =>
      (operation.parameters ?? [])
        .filter((p) => p.in === 'path' && p.schema.format !== 'uuid' && p.schema.pattern !== KEY_PATTERN.source && !calendarDate(p.schema))
        .map((p) => `${where} {${p.name}}`),
    );
    expect(loose).toEqual([]);
    expect(operations.flatMap(({ operation }) => operation.parameters ?? []).filter((p) => p.in === 'path').length).toBeGreaterThan(40);
  });

  it('refuses unknown properties in every request body, nested ones included', () => {
    const reached = new Set<string>();
    const pending = operations.flatMap(({ operation }) => Object.values(operation.requestBody?.content ?? {}).map((m) => m.schema));
    while (pending.length > 0) {
      for (const [, schema] of walk(pending.pop(), '$')) {
        if (schema.$ref && !reached.has(componentName(schema.$ref))) {
          reached.add(componentName(schema.$ref));
          pending.push(spec.components.schemas[componentName(schema.$ref)]);
        }
      }
    }
    const open = [...reached].filter((name) => spec.components.schemas[name].properties && spec.components.schemas[name].additionalProperties !== false);
    expect(open).toEqual([]);
    expect(reached.size).toBeGreaterThan(20);
  });

  it('says integer for every whole number, in parameters and schemas alike', () => {
    const numbers = [
      ...operations.flatMap(({ where, operation }) => (operation.parameters ?? []).filter((p) => p.schema.type === 'number').map((p) => `${where} ${p.name}`)),
      ...Object.entries(spec.components.schemas).flatMap(([name, schema]) =>
        [...walk(schema, name)].filter(([, s]) => s.type === 'number' && s.format !== 'double').map(([at]) => at),
      ),
    ];
    expect(numbers).toEqual([]);
    const limit = operations.find(({ where }) => where === 'GET /v1/clients')!.operation.parameters!.find((p) => p.name === 'limit')!;
    expect(limit.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 });
  });

  it('states the constraints given by constants and custom validators', () => {
    const schemas = spec.components.schemas;
    expect(schemas.SignupDto.properties!.password.minLength).toBe(PASSWORD_MIN_LENGTH);
    expect(schemas.CreateStaffUserDto.properties!.password.minLength).toBe(PASSWORD_MIN_LENGTH);
    expect(schemas.CreateProgramDto.properties!.key.pattern).toBe(KEY_PATTERN.source);
    expect(schemas.CreateExerciseDto.properties!.key.pattern).toBe(KEY_PATTERN.source);
    for (const [name, property] of [['CreateClientDto', 'dateOfBirth'], ['ClientDto', 'dateOfBirth'], ['AssignToClientDto', 'dueOn'], ['GroupDto', 'startsOn']]) {
      expect([name, property, schemas[name].properties![property].format]).toEqual([name, property, 'date']);
    }
    for (const [name, property] of [['CreateIndividualSessionDto', 'startsAt'], ['SessionDto', 'startsAt'], ['ClientDto', 'updatedAt']]) {
      expect([name, property, schemas[name].properties![property].format]).toEqual([name, property, 'date-time']);
    }
  });

  it('says uuid for the ids in answers, and not for ids that clinics choose', () => {
    const schemas = spec.components.schemas;
    expect(schemas.ClientDto.properties!.id.format).toBe('uuid');
    expect(schemas.ClientDto.properties!.organizationId.format).toBe('uuid');
    expect(schemas.ClientDto.properties!.externalId.format).toBeUndefined();
    expect(schemas.Problem.properties!.requestId.format).toBeUndefined();
  });
});
