import { applyDecorators, Param, PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { CALENDAR_DATE_PATTERN, isCalendarDate } from '../common/calendar-date';
import { DomainError } from '../errors/domain-error';

class CalendarDatePipe implements PipeTransform<string, string> {
  constructor(private readonly name: string) {}

  transform(value: string): string {
    if (!isCalendarDate(value)) throw DomainError.validation([{ field: this.name, message: 'must be a calendar date (YYYY-MM-DD)' }]);
    return value;
  }
}

/** A calendar date path parameter (YYYY-MM-DD); anything else is a 400 that names the parameter. */
export function DateParam(name: string): ParameterDecorator {
  return Param(name, new CalendarDatePipe(name));
}

/** Documents a calendar date path parameter. */
export function ApiDateParam(name: string, description: string): MethodDecorator {
  return applyDecorators(ApiParam({ name, description, schema: { type: 'string', format: 'date', pattern: CALENDAR_DATE_PATTERN } }));
}
