import { ArgumentMetadata, Body, PipeTransform, Type } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiPropertyOptions, getSchemaPath } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { plainToInstance, Transform } from 'class-transformer';
import { Equals, IsIn, IsOptional, ValidateNested } from 'class-validator';
import { DomainError, FieldError } from '../errors/domain-error';
import { createValidationPipe } from './validation';

type Variant = Type<object>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function given(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * Input or output that takes one of several shapes, each a class of its own: a note is free text,
 * SOAP or DAP; a new session is individual, couple or group. Validation picks the variant first and
 * then validates the value by that class alone, so a field of another variant is refused like any
 * unknown property; the spec says `oneOf` the variants (with a `discriminator` when one property
 * names the variant), so generated clients get a union that can't mix them.
 */
export class Union {
  /** Made once per union: class-validator keeps every class's rules for the life of the process. */
  private readonly unknownVariant?: Variant;

  private constructor(
    readonly variants: readonly Variant[],
    private readonly choose: (value: Record<string, unknown>) => Variant | FieldError[],
    private readonly discriminator?: { property: string; mapping: Record<string, Variant> },
  ) {
    if (discriminator) this.unknownVariant = unknownVariantOf(discriminator.property, Object.keys(discriminator.mapping));
  }

  /** The value of `property` names the variant, e.g. `{ format: 'soap', ... }`. */
  static byProperty(property: string, mapping: Record<string, Variant>): Union {
    const names = Object.keys(mapping);
    return new Union(
      Object.values(mapping),
      (value) => {
        const name = value[property];
        if (typeof name === 'string' && Object.hasOwn(mapping, name)) return mapping[name];
        return [{ field: property, message: `must be one of the following values: ${names.join(', ')}` }];
      },
      { property, mapping },
    );
  }

  /**
   * Which one of the mapping's properties is given names the variant, e.g. exactly one of
   * `coupleId` and `clientId`. The others may be left out or null; every variant declares them so
   * (see `NotGiven`), which keeps generated types from accepting two at once.
   */
  static byPresence(mapping: Record<string, Variant>): Union {
    const names = Object.keys(mapping);
    const message = `give exactly one of ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
    return new Union(Object.values(mapping), (value) => {
      const present = names.filter((name) => given(value[name]));
      if (present.length === 1) return mapping[present[0]];
      return (present.length === 0 ? names : present).map((field) => ({ field, message }));
    });
  }

  /** The class that `value` (an object) is validated by, or what keeps it from being any variant. */
  variantOf(value: Record<string, unknown>): Variant | FieldError[] {
    return this.choose(value);
  }

  /** `oneOf` the variants' component schemas, with the discriminator and its mapping when there is one. */
  schema(): SchemaObject {
    const oneOf = this.variants.map((variant) => ({ $ref: getSchemaPath(variant) }));
    if (!this.discriminator) return { oneOf };
    const mapping = Object.fromEntries(Object.entries(this.discriminator.mapping).map(([name, variant]) => [name, getSchemaPath(variant)]));
    return { oneOf, discriminator: { propertyName: this.discriminator.property, mapping } };
  }

  /**
   * `value` as an instance of its variant, for class-validator to validate nested in a DTO. When
   * no variant applies, an object that fails on the naming property alone, so the 400 says what
   * is wrong and not every field the unknown variant was sent with.
   */
  instantiate(value: unknown): unknown {
    if (!isPlainObject(value)) return value;
    const variant = this.choose(value);
    if (!Array.isArray(variant)) return plainToInstance(variant, value);
    if (!this.discriminator) return value;
    const { property } = this.discriminator;
    return Object.assign(new this.unknownVariant!(), { [property]: value[property] });
  }
}

/** A class whose only rule is that `property` is one of `names`: what an unknown variant is validated as. */
function unknownVariantOf(property: string, names: string[]): Variant {
  class UnknownVariant {}
  IsIn(names)(UnknownVariant.prototype, property);
  return UnknownVariant;
}

const validation = createValidationPipe();

/** Validates a request body by the variant of `union` it is. */
class UnionBodyPipe implements PipeTransform {
  constructor(private readonly union: Union) {}

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (!isPlainObject(value)) throw DomainError.validation([{ field: 'body', message: 'must be a JSON object' }]);
    const variant = this.union.variantOf(value);
    if (Array.isArray(variant)) throw DomainError.validation(variant);
    return validation.transform(value, { ...metadata, metatype: variant });
  }
}

/**
 * The request body, one of `union`'s variants, validated by its own class and documented as
 * `oneOf` them: `create(@UnionBody(NEW_THING) dto: NewThingDto)` where `NewThingDto` is the
 * TypeScript union of the variant classes.
 */
export function UnionBody(union: Union): ParameterDecorator {
  return (target, key, index) => {
    Body(new UnionBodyPipe(union))(target, key, index);
    const descriptor = Object.getOwnPropertyDescriptor(target, key!)!;
    ApiExtraModels(...union.variants)(target, key!, descriptor);
    ApiBody({ required: true, schema: union.schema() })(target, key!, descriptor);
  };
}

/** Documents a property that is one of `union`'s variants (in a request or a response) as `oneOf` them. */
export function ApiUnionProperty(union: Union, options: { nullable?: boolean } = {}): PropertyDecorator {
  return (target, key) => {
    ApiExtraModels(...union.variants)(target.constructor);
    ApiProperty({ ...union.schema(), ...options } as ApiPropertyOptions)(target, key);
  };
}

/**
 * A property of a request DTO that is one of `union`'s variants, validated by the variant's class
 * and documented as `oneOf` them. Add `@IsDefined()` when it is required.
 */
export function UnionProperty(union: Union): PropertyDecorator {
  return (target, key) => {
    ValidateNested()(target, key);
    Transform(({ obj }: { obj: Record<string | symbol, unknown> }) => union.instantiate(obj[key]), { toClassOnly: true })(target, key);
    ApiUnionProperty(union)(target, key);
  };
}

/**
 * A property of another variant of a `Union.byPresence`: left out or null. Declared so that
 * generated types refuse a value for it (`clientId?: null`), where a missing declaration would
 * let a client send two variants' ids at once.
 */
export function NotGiven(description: string): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    Equals(null, { message: '$property is not given here' })(target, key);
    ApiPropertyOptional({ type: 'string', nullable: true, enum: [null], description })(target, key);
  };
}
