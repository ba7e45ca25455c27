import { Param, ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';

/** A UUID path parameter; anything else is a 400 that names the parameter. */
export function IdParam(name = 'id'): ParameterDecorator {
  return Param(
    name,
    new ParseUUIDPipe({ exceptionFactory: () => DomainError.validation([{ field: name, message: 'must be a UUID' }]) }),
  );
}
