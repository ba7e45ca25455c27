import { applyDecorators } from '@nestjs/common';
import { IsDefined, IsOptional, ValidateIf } from 'class-validator';

/** What a `null` sent for a field that is not nullable answers. */
export const NOT_NULL = 'must not be null';

/**
 * The one way a request body field is optional: `@Optional() status?: ClientStatus`. Left out, it
 * is not validated. `null` is refused ("must not be null"), unless the field is nullable:
 * `@Optional({ nullable: true }) email?: string | null`, where `null` is accepted (it stores no
 * value, or clears the field on a PATCH). The spec's `nullable` comes from the `| null` in the
 * type; `test/input-rules.e2e-spec.ts` checks that every body field's spec and behaviour agree.
 * Query parameters are never null (they arrive as text) and keep class-validator's `@IsOptional()`.
 */
export function Optional(options: { nullable?: boolean } = {}): PropertyDecorator {
  if (options.nullable) return IsOptional();
  return applyDecorators(
    ValidateIf((_object: object, value: unknown) => value !== undefined),
    IsDefined({ message: `$property ${NOT_NULL}` }),
  );
}
