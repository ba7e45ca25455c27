import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { Optional } from './optional';
import { trim } from './transforms';

/**
 * Optional free text given with a record (a note, a location): trimmed, then 1 to `maxLength`
 * characters. `null` is refused unless `nullable: true` (a column a client may clear), as for every
 * optional field (see `Optional`). The spec gets its bounds and nullability from here, as the
 * Swagger plugin can't see into a composed decorator: `@OptionalText(4000) note?: string`.
 */
export function OptionalText(maxLength: number, options: { nullable?: boolean } = {}): PropertyDecorator {
  const nullable = options.nullable === true;
  return applyDecorators(
    Optional({ nullable }),
    Transform(trim),
    IsString(),
    MinLength(1),
    MaxLength(maxLength),
    ApiProperty({ type: String, minLength: 1, maxLength, required: false, ...(nullable ? { nullable } : {}) }),
  );
}
