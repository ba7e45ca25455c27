import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, FieldError } from '../errors/domain-error';
import { NOT_NULL } from './optional';

/**
 * A failed type check says all there is to say about a field: `limit=1.5` is "must be an integer",
 * not that too plus its bounds. Messages replaced here read better than class-validator's own.
 */
const TYPE_CHECKS: Record<string, string | undefined> = {
  isInt: 'must be an integer',
  isNumber: undefined,
  isString: undefined,
  isBoolean: undefined,
  isArray: undefined,
  isObject: undefined,
};

/**
 * One field's messages. A property left out that must be given "is required", and a `null` where
 * null is refused "must not be null", whatever else the field demands of a value; a failed type
 * check hides the checks of the value's content.
 */
function messagesOf(error: ValidationError): string[] {
  const constraints = Object.entries(error.constraints ?? {});
  if (constraints.length === 0) return [];
  if (error.constraints?.whitelistValidation) return ['is not an allowed property'];
  if (error.value === undefined) return ['is required'];
  if (error.value === null) return [NOT_NULL];
  const typeCheck = constraints.find(([rule]) => rule in TYPE_CHECKS);
  return (typeCheck ? [typeCheck] : constraints).map(([rule, message]) => TYPE_CHECKS[rule] ?? message.replace(`${error.property} `, ''));
}

/** Flattens class-validator's tree into `{ field: "partners[0].id", message }` pairs. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    for (const message of messagesOf(error)) out.push({ field, message });
    out.push(...toFieldErrors(error.children ?? [], field));
  }
  return out;
}

/** How deep objects and arrays may nest in a request; deeper input is refused with a 400. */
export const MAX_NESTING = 32;

/**
 * The paths of strings holding U+0000 anywhere in `value`, names included. PostgreSQL text cannot
 * store that character, so such input would otherwise reach the database and fail there as a 500.
 * Walks iteratively and refuses input nested deeper than MAX_NESTING, so no body can exhaust the stack.
 */
export function nulCharacterFields(value: unknown, path: string): string[] {
  const found: string[] = [];
  const pending: { value: unknown; path: string; depth: number }[] = [{ value, path, depth: 0 }];
  while (pending.length > 0) {
    const item = pending.pop()!;
    if (typeof item.value === 'string') {
      if (item.value.includes('\u0000')) found.push(item.path);
      continue;
    }
    if (!item.value || typeof item.value !== 'object') continue;
    if (item.depth >= MAX_NESTING) {
      throw DomainError.validation([{ field: item.path || 'body', message: `must not nest objects or arrays more than ${MAX_NESTING} levels deep` }]);
    }
    const entries = Array.isArray(item.value) ? item.value.map((inner, i) => [`[${i}]`, inner] as const) : Object.entries(item.value);
    for (const [key, inner] of entries) {
      const innerPath = key.startsWith('[') ? `${item.path}${key}` : item.path ? `${item.path}.${key}` : key;
      if (key.includes('\u0000')) found.push(innerPath);
      pending.push({ value: inner, path: innerPath, depth: item.depth + 1 });
    }
  }
  return found.reverse();
}

const NOT_DTOS: unknown[] = [String, Number, Boolean, Array, Object];

/**
 * Refuses a body that is not a JSON object (`null`, an array, a string, a number, or none), which
 * the pipe would otherwise read as `{}`, and text with a NUL character in a body, query or path
 * parameter, before validating them.
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && !NOT_DTOS.includes(metadata.metatype) && !isJsonObject(value)) {
      throw DomainError.validation([{ field: 'body', message: 'must be a JSON object' }], 'The request body must be a JSON object.');
    }
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const fields = nulCharacterFields(value, metadata.data ?? '');
      if (fields.length > 0) {
        throw DomainError.validation(fields.map((field) => ({ field: field || metadata.type, message: 'must not contain the NUL character (U+0000)' })));
      }
    }
    return super.transform(value, metadata);
  }
}

/** Strict input everywhere: unknown properties are refused, values are converted to their DTO types. */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // The value tells a missing or null field apart; it never leaves toFieldErrors.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => DomainError.validation(toFieldErrors(errors)),
  });
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
