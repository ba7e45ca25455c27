import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiSchema, ApiSchemaOptions, getSchemaPath } from '@nestjs/swagger';

/**
 * Documents a class as the named union of its variants: `oneOf` them, with a `discriminator` on
 * `propertyName` mapping each value to its variant. Every variant declares that property as a
 * single-value enum, so a generated client narrows a value by it. The class holds no properties:
 * in TypeScript the union is a type of the variant classes.
 *
 * ```ts
 * @ApiUnion('EnrollmentEventDto', 'type', { step_started: StepStartedEventDto, setback: SetbackEventDto })
 * export class EnrollmentEventSchema {}
 * ```
 */
export function ApiUnion(name: string, propertyName: string, variants: Record<string, Type<unknown>>): ClassDecorator {
  const classes = [...new Set(Object.values(variants))];
  // @nestjs/swagger lays a class's @ApiSchema options over the object schema it builds from the
  // class's properties: here the union replaces that object (`type` and `properties` unset).
  const union = {
    name,
    type: undefined,
    properties: undefined,
    oneOf: classes.map((variant) => ({ $ref: getSchemaPath(variant) })),
    discriminator: {
      propertyName,
      mapping: Object.fromEntries(Object.entries(variants).map(([value, variant]) => [value, getSchemaPath(variant)])),
    },
  };
  return applyDecorators(ApiExtraModels(...classes), ApiSchema(union as ApiSchemaOptions));
}
