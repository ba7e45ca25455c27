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

/**
 * The paths of strings holding U+0000 anywhere in `value`. PostgreSQL text cannot store that
 * character, so such input would otherwise reach the database and fail there as a 500.
 */
export function nulCharacterFields(value: unknown, path: string): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => nulCharacterFields(item, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => nulCharacterFields(item, path ? `${path}.${key}` : key));
  }
  return [];
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
