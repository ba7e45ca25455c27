import { applyDecorators, Param, PipeTransform } from '@nestjs/common';
import { ApiParam, ApiProperty } from '@nestjs/swagger';
import { DomainError } from '../errors/domain-error';
import { KEY_MAX_LENGTH, KEY_PATTERN } from '../programs/program-rules';

class KeyPipe implements PipeTransform<string, string> {
  constructor(private readonly name: string) {}

  transform(value: string): string {
    if (typeof value !== 'string' || value.length > KEY_MAX_LENGTH || !KEY_PATTERN.test(value)) {
      throw DomainError.validation([{ field: this.name, message: 'must be a kebab-case key' }]);
    }
    return value;
  }
}

/** A kebab-case key path parameter (a step or practice key); anything else is a 400 that names it. */
export function KeyParam(name: string): ParameterDecorator {
  return Param(name, new KeyPipe(name));
}

/** Documents a kebab-case key path parameter. */
export function ApiKebabKeyParam(name: string, description: string): MethodDecorator {
  return applyDecorators(
    ApiParam({ name, description, schema: { type: 'string', pattern: KEY_PATTERN.source, maxLength: KEY_MAX_LENGTH } }),
  );
}

/**
 * Documents a kebab-case key property: a key of any program, an organization's own included (so no
 * enum can list them), or a key the request names.
 */
export function ApiKebabKey(options: { nullable?: boolean; required?: boolean; description?: string } = {}): PropertyDecorator {
  return ApiProperty({ type: String, pattern: KEY_PATTERN.source, maxLength: KEY_MAX_LENGTH, ...options });
}
