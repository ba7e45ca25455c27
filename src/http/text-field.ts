import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { trim } from './transforms';

/**
 * Optional free text given with a record (a note, a location): trimmed, then 1 to `maxLength`
 * characters. `null` counts as left out, unless `allowNull: false` (a column that can't be cleared),
 * where it is refused like any other non-string. The spec gets its bounds from here, as the Swagger
 * plugin can't see into a composed decorator: `@OptionalText(4000) note?: string`.
 */
export function OptionalText(maxLength: number, options: { allowNull?: boolean } = {}): PropertyDecorator {
  return applyDecorators(
    options.allowNull === false ? ValidateIf((_object: object, value: unknown) => value !== undefined) : IsOptional(),
    Transform(trim),
    IsString(),
    MinLength(1),
    MaxLength(maxLength),
    ApiProperty({ type: String, minLength: 1, maxLength, required: false }),
  );
}
