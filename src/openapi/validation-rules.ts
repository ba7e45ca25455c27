import { OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { CALENDAR_DATE_PATTERN } from '../common/calendar-date';
import { TIMESTAMP_PATTERN } from '../common/pagination/timestamp';

/**
 * The spec says what the validation pipe enforces, read from the same class-validator metadata the
 * pipe uses at runtime. The Swagger plugin reads decorators from source text, so it misses any
 * constraint given by a constant (`@MinLength(PASSWORD_MIN_LENGTH)`, `@Matches(KEY_PATTERN)`) and
 * any custom validator; reading the runtime metadata leaves nothing to drift.
 */

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  [keyword: string]: unknown;
};

type Metadata = { name?: string; type: string; propertyName: string; constraints?: unknown[]; each?: boolean; constraintCls?: Function };

/** How one class-validator rule reads as JSON Schema keywords (undefined: the spec needn't say). */
function keywordsOf(rule: Metadata): Partial<Schema> | undefined {
  const [first] = rule.constraints ?? [];
  // `@Validate(Constraint)` names its rule on the constraint class, not on the metadata.
  const name = rule.name ?? (rule.constraintCls ? getMetadataStorage().getTargetValidatorConstraints(rule.constraintCls)[0]?.name : undefined);
  switch (name) {
    case 'isInt':
      return { type: 'integer' };
    case 'min':
      return { minimum: first as number };
    case 'max':
      return { maximum: first as number };
    case 'minLength':
      return { minLength: first as number };
    case 'maxLength':
      return { maxLength: first as number };
    case 'matches':
      return { pattern: first instanceof RegExp ? first.source : String(first) };
    case 'isIn':
      return { enum: [...(first as unknown[])] };
    case 'isUuid':
      return { format: 'uuid' };
    case 'isEmail':
      return { format: 'email' };
    case 'isCalendarDate':
    case 'pastDate':
      return { format: 'date', pattern: CALENDAR_DATE_PATTERN };
    case 'isTimestamp':
      return { format: 'date-time', pattern: TIMESTAMP_PATTERN };
    case 'arrayMinSize':
      return { minItems: first as number };
    case 'arrayMaxSize':
      return { maxItems: first as number };
    default:
      return undefined;
  }
}

/** The classes class-validator knows rules for, by name (the name the spec gives their schema). */
function validatedClasses(): Map<string, Function> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<Function, unknown[]> };
  const byName = new Map<string, Function>();
  for (const target of storage.validationMetadatas.keys()) {
    if (typeof target === 'function' && target.name) byName.set(target.name, target);
  }
  return byName;
}

function applyValidationMetadata(schemas: Record<string, Schema>): void {
  const storage = getMetadataStorage();
  const classes = validatedClasses();
  for (const [name, schema] of Object.entries(schemas)) {
    const target = classes.get(name);
    if (!target || !schema.properties) continue;
    for (const rule of storage.getTargetValidationMetadatas(target, '', true, false) as Metadata[]) {
      if (rule.type !== 'customValidation') continue;
      const property = schema.properties[rule.propertyName];
      const keywords = keywordsOf(rule);
      if (!property || !keywords) continue;
      const into = rule.each ? property.items : property;
      if (into && !into.$ref && !into.allOf) Object.assign(into, keywords);
    }
  }
}

/** Every schema object in `value`, visited once each (properties, items, compositions). */
function* schemaObjects(schema: Schema | undefined): Generator<Schema> {
  if (!schema || typeof schema !== 'object') return;
  yield schema;
  for (const inner of Object.values(schema.properties ?? {})) yield* schemaObjects(inner);
  yield* schemaObjects(schema.items);
  if (typeof schema.additionalProperties === 'object') yield* schemaObjects(schema.additionalProperties);
  for (const part of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) yield* schemaObjects(part);
}

const refName = (ref: string) => ref.replace('#/components/schemas/', '');

/** The component schemas a request body can reach, through properties, items and compositions. */
function requestSchemaNames(document: OpenAPIObject): Set<string> {
  const schemas = document.components!.schemas as Record<string, Schema>;
  const names = new Set<string>();
  const pending: Schema[] = [];
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as { requestBody?: { content?: Record<string, { schema?: Schema }> } }[]) {
      for (const media of Object.values(operation?.requestBody?.content ?? {})) if (media.schema) pending.push(media.schema);
    }
  }
  while (pending.length > 0) {
    for (const schema of schemaObjects(pending.pop())) {
      if (!schema.$ref || names.has(refName(schema.$ref))) continue;
      names.add(refName(schema.$ref));
      pending.push(schemas[refName(schema.$ref)]);
    }
  }
  return names;
}

/**
 * The rules the pipe and the app enforce that no decorator states:
 * - request bodies refuse unknown properties (`forbidNonWhitelisted`): `additionalProperties: false`;
 * - every number in this API is a whole number unless its schema says `format: double`;
 * - a path parameter is a UUID (`IdParam`) unless it has a pattern (`KeyParam`);
 * - ids in answers are UUIDs: `id` and `…Id` / `…Ids` strings, except ids that clinics choose
 *   (`externalId`) and the request id (any string a caller sends as `X-Request-Id`).
 */
export function describeValidation(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  applyValidationMetadata(schemas);
  for (const name of requestSchemaNames(document)) {
    if (schemas[name]?.type === 'object' || schemas[name]?.properties) schemas[name].additionalProperties = false;
  }
  const notUuid = new Set(['externalId', 'requestId', 'clientId']);
  for (const schema of Object.values(schemas).flatMap((s) => [...schemaObjects(s)])) {
    if (schema.type === 'number' && schema.format !== 'double' && schema.format !== 'float') schema.type = 'integer';
    for (const [property, inner] of Object.entries(schema.properties ?? {})) {
      const isId = property === 'id' || /[a-z]Ids?$/.test(property);
      if (!isId || notUuid.has(property)) continue;
      const target = inner.type === 'array' ? inner.items : inner;
      if (target && target.type === 'string' && !target.format && !target.pattern && !target.enum) target.format = 'uuid';
    }
  }
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as { parameters?: { in: string; schema?: Schema }[] }[]) {
      for (const parameter of operation?.parameters ?? []) {
        const schema = parameter.schema;
        if (!schema) continue;
        if (schema.type === 'number' && schema.format !== 'double') schema.type = 'integer';
        if (parameter.in === 'path' && schema.type === 'string' && !schema.pattern && !schema.format) schema.format = 'uuid';
        // Instants and days in a query are read by the same validators as in bodies.
        if (schema.format === 'date-time') schema.pattern = TIMESTAMP_PATTERN;
        if (schema.format === 'date') schema.pattern = CALENDAR_DATE_PATTERN;
      }
    }
  }
}
