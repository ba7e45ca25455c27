import { ApiProperty } from '@nestjs/swagger';
import { Instrument } from '../../instruments/instrument.entity';
import { MeasureDue } from '../../instruments/rules/measures-due';

/** An instrument the client should answer now, and since when. */
export class PortalMeasureDueDto {
  /** The instrument's latest version: the one to answer with `POST /v1/portal/measurements`. */
  @ApiProperty({ format: 'uuid' })
  instrumentId!: string;

  key!: string;

  title!: string;

  /** Days between answers. */
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 366 })
  cadenceDays!: number;

  /** Since when it has been due: the start of the client's open program, or their last answer plus the cadence. */
  @ApiProperty({ format: 'date-time' })
  dueSince!: string;

  /** The client's last current answer to any version of it; null when they have not answered it in this program. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastAnsweredAt!: string | null;
}

export class PortalMeasuresDueDto {
  /** Most overdue first. Empty when nothing is due, or when the client has no open program. */
  measures!: PortalMeasureDueDto[];
}

export function toPortalMeasureDueDto(instrument: Instrument, due: MeasureDue): PortalMeasureDueDto {
  return {
    instrumentId: instrument.id,
    key: instrument.key,
    title: instrument.title,
    cadenceDays: instrument.cadenceDays!,
    dueSince: due.dueSince.toISOString(),
    lastAnsweredAt: due.lastAnsweredAt?.toISOString() ?? null,
  };
}
