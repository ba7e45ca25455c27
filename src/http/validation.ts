import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, FieldError } from '../errors/domain-error';

/** Flattens class-validator's tree into `{ field: "partners[0].id", message }` pairs. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    for (const [rule, message] of Object.entries(error.constraints ?? {})) {
      out.push({
        field,
        message: rule === 'whitelistValidation' ? 'is not an allowed property' : message.replace(`${error.property} `, ''),
      });
    }
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

/** Refuses text with a NUL character in a body, query or path parameter before validating it. */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
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
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => DomainError.validation(toFieldErrors(errors)),
  });
}
