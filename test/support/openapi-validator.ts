import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { spec } from './openapi-schema';

type SchemaNode = Record<string, unknown>;

/**
 * Every object schema that lists its properties, closed to others: a field the spec does not
 * document is an error, not a silent extra.
 */
function closed(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closed);
  if (!node || typeof node !== 'object') return node;
  const copy = Object.fromEntries(Object.entries(node as SchemaNode).map(([key, value]) => [key, closed(value)]));
  if (copy.properties && !('additionalProperties' in copy)) copy.additionalProperties = false;
  return copy;
}

let ajv: Ajv | undefined;

/** One Ajv holding every component schema of openapi.json as `#/$defs/<name>`, closed (see above). */
function validatorOfSpec(): Ajv {
  if (ajv) return ajv;
  ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  // OpenAPI's own keywords: annotations for a JSON Schema validator. `discriminator` only names
  // the property that tells a oneOf's branches apart; the branches' single-value enums decide.
  ajv.addKeyword({ keyword: 'example' });
  ajv.addKeyword({ keyword: 'discriminator' });
  const text = JSON.stringify(closed(spec.components.schemas)).replaceAll('#/components/schemas/', '#/$defs/');
  ajv.addSchema({ $id: 'openapi', $defs: JSON.parse(text) as SchemaNode });
  return ajv;
}

/** A JSON Schema validator (ajv 8, with formats) of one component schema of the checked-in openapi.json. */
export function componentValidator(name: string): ValidateFunction {
  if (!spec.components.schemas[name]) throw new Error(`openapi.json has no component schema ${name}`);
  return validatorOfSpec().getSchema(`openapi#/$defs/${name}`)!;
}

/** What is wrong in `value` as a `name`, one line per error; empty when it validates. */
export function componentErrors(name: string, value: unknown): string[] {
  const validate = componentValidator(name);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error: ErrorObject) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
}
