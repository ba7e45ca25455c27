import { ApiProperty } from '@nestjs/swagger';

/** Every type of record the organization's export writes, in the order it writes them. */
export const EXPORT_RECORD_TYPES = [
  'organization',
  'staff',
  'client',
  'couple',
  'safetyScreening',
  'program',
  'exercise',
  'instrument',
  'enrollment',
  'enrollmentEvent',
  'group',
  'groupMember',
  'session',
  'assignment',
  'commitment',
  'commitmentOccurrence',
  'boundary',
  'boundaryBreach',
  'measurement',
] as const;
export type ExportRecordType = (typeof EXPORT_RECORD_TYPES)[number];

/**
 * One line of the organization's export: a record, in the shape its own route answers with
 * (`organization` as `GET /v1/organization`, `staff` as `GET /v1/staff/{id}`, `client` as `GET /v1/clients/{id}`, `enrollmentEvent` as an item
 * of `GET /v1/enrollments/{id}/events`, `commitmentOccurrence` as an occurrence of
 * `GET /v1/commitments/{id}/occurrences`, `boundaryBreach` as `GET /v1/boundaries/{id}/breaches`,
 * `groupMember` as `GET /v1/groups/{id}/members`).
 */
export class ExportRecordLineDto {
  @ApiProperty({ enum: EXPORT_RECORD_TYPES })
  type!: ExportRecordType;
  /** The record. */
  @ApiProperty({ type: 'object', additionalProperties: true })
  data!: Record<string, unknown>;
}

export class ExportCountsDto {
  /** How many lines of each type came before the trailer. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer', minimum: 0 }, example: { client: 2, couple: 1 } })
  counts!: Record<ExportRecordType, number>;
  /** How many record lines came before the trailer, in all. */
  @ApiProperty({ type: 'integer', minimum: 0 })
  total!: number;
}

/** The export's last line. An export without it was cut short: start again. */
export class ExportTrailerLineDto {
  @ApiProperty({ enum: ['trailer'] })
  type!: 'trailer';
  data!: ExportCountsDto;
}
