import { ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, Min, ValidateNested } from 'class-validator';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
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

  it('passes valid input through as an instance of the DTO', async () => {
    const value = await createValidationPipe().transform({ count: 2, partners: [{ email: 'a@example.org' }] }, metadata);
    expect(value).toBeInstanceOf(Body);
    expect(value.partners[0]).toBeInstanceOf(Partner);
  });
});
