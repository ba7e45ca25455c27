import { ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsString, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { Optional } from './optional';
import { createValidationPipe } from './validation';

class Partner {
  @IsEmail()
  email!: string;
}

class Body {
  @IsInt()
  @Min(1)
  count!: number;

  @ValidateNested({ each: true })
  @Type(() => Partner)
  partners!: Partner[];
}

class Patch {
  @Optional()
  @IsIn(['active', 'paused'])
  status?: string;

  @Optional({ nullable: true })
  @IsString()
  @MinLength(1)
  @MaxLength(10)
  note?: string | null;

  @Optional()
  @IsInt()
  @Min(1)
  @Max(10)
  count?: number;
}

const metadata: ArgumentMetadata = { type: 'body', metatype: Body };

async function refusal(value: unknown): Promise<DomainError> {
  try {
    await createValidationPipe().transform(value, metadata);
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected the pipe to refuse the value');
}

describe('validation pipe', () => {
  it('refuses unknown properties, naming them', async () => {
    const error = await refusal({ count: 1, partners: [], role: 'owner' });
    expect(error.code).toBe(ErrorCode.ValidationFailed);
    expect(error.options.errors).toEqual([{ field: 'role', message: 'is not an allowed property' }]);
  });

  it('reports nested fields with their path', async () => {
    const error = await refusal({ count: 0, partners: [{ email: 'ok@example.org' }, { email: 'nope' }] });
    const fields = error.options.errors?.map((e) => e.field).sort();
    expect(fields).toEqual(['count', 'partners[1].email']);
  });

  it('refuses text holding a NUL character, which PostgreSQL cannot store, naming the field', async () => {
    const error = await refusal({ count: 1, partners: [{ email: 'a\u0000@example.org' }], note: 'x\u0000' });
    expect(error.code).toBe(ErrorCode.ValidationFailed);
    expect(error.options.errors?.map((e) => e.field).sort()).toEqual(['note', 'partners[0].email']);
    const query = await createValidationPipe()
      .transform({ q: 'a\u0000' }, { type: 'query', metatype: Object })
      .catch((e: DomainError) => e);
    expect((query as DomainError).options.errors).toEqual([{ field: 'q', message: expect.any(String) }]);
  });

  it('answers a missing required property with one "is required", whatever else it demands', async () => {
    const error = await refusal({ partners: [{}] });
    expect(error.options.errors).toEqual([
      { field: 'count', message: 'is required' },
      { field: 'partners[0].email', message: 'is required' },
    ]);
  });

  it('answers null with "must not be null" where the field is not nullable, required or not', async () => {
    const error = await refusal({ count: null, partners: [{ email: null }] });
    expect(error.options.errors).toEqual([
      { field: 'count', message: 'must not be null' },
      { field: 'partners[0].email', message: 'must not be null' },
    ]);
    const patch = await createValidationPipe()
      .transform({ status: null, count: null }, { type: 'body', metatype: Patch })
      .catch((e: DomainError) => e);
    expect((patch as DomainError).options.errors).toEqual([
      { field: 'status', message: 'must not be null' },
      { field: 'count', message: 'must not be null' },
    ]);
  });

  it('accepts null where the field is nullable, and leaves out what is left out', async () => {
    const pipe = createValidationPipe();
    expect({ ...(await pipe.transform({ note: null }, { type: 'body', metatype: Patch })) }).toEqual({ note: null });
    expect({ ...(await pipe.transform({}, { type: 'body', metatype: Patch })) }).toEqual({});
  });

  it('says only that the type is wrong when it is, not what the content breaks too', async () => {
    const pipe = createValidationPipe();
    const refused = (value: unknown) => pipe.transform(value, { type: 'body', metatype: Patch }).catch((e: DomainError) => e.options.errors);
    expect(await refused({ count: 1.5 })).toEqual([{ field: 'count', message: 'must be an integer' }]);
    expect(await refused({ count: '7' })).toEqual([{ field: 'count', message: 'must be an integer' }]);
    expect(await refused({ note: 42 })).toEqual([{ field: 'note', message: 'must be a string' }]);
    expect(await refused({ count: 0, note: '' })).toEqual([
      { field: 'note', message: 'must be longer than or equal to 1 characters' },
      { field: 'count', message: 'must not be less than 1' },
    ]);
  });

  it.each([[null], [undefined], [[]], [[{ count: 1 }]], ['text'], [42], [true]])('refuses the body %p, which is not a JSON object', async (body) => {
    const error = await refusal(body);
    expect(error.code).toBe(ErrorCode.ValidationFailed);
    expect(error.detail).toBe('The request body must be a JSON object.');
    expect(error.options.errors).toEqual([{ field: 'body', message: 'must be a JSON object' }]);
  });

  it('passes valid input through as an instance of the DTO', async () => {
    const value = await createValidationPipe().transform({ count: 2, partners: [{ email: 'a@example.org' }] }, metadata);
    expect(value).toBeInstanceOf(Body);
    expect(value.partners[0]).toBeInstanceOf(Partner);
  });
});
