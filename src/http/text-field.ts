import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { trim } from './transforms';

/**
 * Optional free text given with a record (a note, a location): trimmed, then 1 to `maxLength`
 * characters. The spec gets its bounds from here, as the Swagger plugin can't see into a composed
 * decorator: `@OptionalText(4000) note?: string`.
 */
export function OptionalText(maxLength: number): PropertyDecorator {
  return applyDecorators(
    IsOptional(),
    Transform(trim),
    IsString(),
    MinLength(1),
    MaxLength(maxLength),
    ApiProperty({ type: String, minLength: 1, maxLength, required: false }),
  );
}
