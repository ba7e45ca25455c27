import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, ValidateNested } from 'class-validator';
import { IsCalendarDate } from '../../common/calendar-date';
import { Optional } from '../../http/optional';
import { OptionalText } from '../../http/text-field';
import { Union, UnionProperty } from '../../http/unions';
import type { CommitmentOutcome } from '../commitment-outcome.entity';
import { COMMITTER_OUTCOMES, CommitterOutcome, PARTNER_VIEWS, PartnerView } from '../rules/reliability';
import { RecorderDto } from './commitment.dto';
import { SCHEDULE_VARIANTS, ScheduleDto } from './schedule.dto';

/** Longest reason or note on an outcome, in characters. */
export const OUTCOME_TEXT_MAX = 2000;
/** The widest window of occurrences one request lists, in days (both ends included). */
export const MAX_OCCURRENCE_WINDOW_DAYS = 366;

/** The new terms of a renegotiated occurrence: they become a new version of the commitment. */
export class RenegotiationDto {
  /** The new description; the old one when left out. Client data. */
  @OptionalText(2000)
  description?: string;

  /** The new schedule: its first occurrence must be after the renegotiated date. */
  @IsDefined()
  @UnionProperty(SCHEDULE_VARIANTS)
  schedule!: ScheduleDto;
}

/** The committer's report on the occurrence. */
export class CommitterReportInputDto {
  @ApiProperty({ enum: ['committer'] })
  @IsIn(['committer'])
  viewpoint!: 'committer';

  /**
   * `kept`, `missed`, `excused` (with a `reason`) or `renegotiated` (with `renegotiated`, the new
   * terms). Reporting another outcome than before clears the partner's answer, which answered the old one.
   */
  @ApiProperty({ enum: COMMITTER_OUTCOMES })
  @IsIn(COMMITTER_OUTCOMES)
  outcome!: CommitterOutcome;

  /** Why it is excused: required with `excused`, refused otherwise. Client data. */
  @OptionalText(OUTCOME_TEXT_MAX)
  reason?: string;

  /** The new terms: required with `renegotiated`, refused otherwise. */
  @Optional()
  @ValidateNested()
  @Type(() => RenegotiationDto)
  renegotiated?: RenegotiationDto;
}

/** The other partner's answer to the committer's report (a couple's commitment only). */
export class PartnerAnswerInputDto {
  @ApiProperty({ enum: ['partner'] })
  @IsIn(['partner'])
  viewpoint!: 'partner';

  /** Whether the other partner agrees with the report; a dispute is recorded, not refused. */
  @ApiProperty({ enum: PARTNER_VIEWS })
  @IsIn(PARTNER_VIEWS)
  answer!: PartnerView;

  /** The partner's note on their answer. Client data. */
  @OptionalText(OUTCOME_TEXT_MAX)
  note?: string;
}

/** One viewpoint on an occurrence, by `viewpoint`. */
export type RecordOutcomeDto = CommitterReportInputDto | PartnerAnswerInputDto;
export const RECORD_OUTCOME_VARIANTS = Union.byProperty('viewpoint', { committer: CommitterReportInputDto, partner: PartnerAnswerInputDto });

export class OccurrenceWindowQueryDto {
  /** The first date of the window (included). */
  @ApiProperty({ type: String, format: 'date', example: '2031-03-01' })
  @IsCalendarDate()
  from!: string;

  /** The last date of the window (included), at most 365 days after `from`. */
  @ApiProperty({ type: String, format: 'date', example: '2031-03-31' })
  @IsCalendarDate()
  to!: string;
}

export class CommitterReportDto {
  @ApiProperty({ enum: COMMITTER_OUTCOMES })
  outcome!: CommitterOutcome;
  /** Why it is excused; null for other outcomes. */
  reason!: string | null;
  /** For `renegotiated`: the new version of the commitment. */
  renegotiatedAs!: string | null;
  recordedBy!: RecorderDto;
  recordedAt!: Date;
}

export class PartnerAnswerDto {
  /** The other partner, who answers the report. */
  partnerId!: string;
  @ApiProperty({ enum: PARTNER_VIEWS })
  answer!: PartnerView;
  note!: string | null;
  recordedBy!: RecorderDto;
  recordedAt!: Date;
}

/** One occurrence (a date the commitment fell or falls due) and what each viewpoint recorded, or null. */
export class OccurrenceDto {
  commitmentId!: string;
  /** The calendar date, in the commitment's time zone. */
  @ApiProperty({ type: String, format: 'date' })
  date!: string;
  /** Whether it is after today in the commitment's time zone (nothing can be recorded yet). */
  upcoming!: boolean;
  committer!: CommitterReportDto | null;
  /** Always null for a client's own commitment. */
  partner!: PartnerAnswerDto | null;
}

export class OccurrenceWindowDto {
  commitmentId!: string;
  timeZone!: string;
  @ApiProperty({ type: String, format: 'date' })
  from!: string;
  @ApiProperty({ type: String, format: 'date' })
  to!: string;
  /** Today in the commitment's time zone. */
  @ApiProperty({ type: String, format: 'date' })
  today!: string;
  /** Every occurrence in the window, in date order. */
  occurrences!: OccurrenceDto[];
}

export function toOccurrenceDto(
  commitment: { id: string; supersededById: string | null },
  date: string,
  today: string,
  partnerId: string | null,
  outcome: CommitmentOutcome | null,
): OccurrenceDto {
  const reported = outcome?.committerOutcome ?? null;
  return {
    commitmentId: commitment.id,
    date,
    upcoming: date > today,
    committer:
      outcome && reported
        ? {
            outcome: reported,
            reason: outcome.committerReason,
            renegotiatedAs: reported === 'renegotiated' ? commitment.supersededById : null,
            recordedBy: { type: outcome.committerRecordedByType!, id: outcome.committerRecordedById! },
            recordedAt: outcome.committerRecordedAt!,
          }
        : null,
    partner:
      outcome?.partnerAnswer && partnerId
        ? {
            partnerId,
            answer: outcome.partnerAnswer,
            note: outcome.partnerNote,
            recordedBy: { type: outcome.partnerRecordedByType!, id: outcome.partnerRecordedById! },
            recordedAt: outcome.partnerRecordedAt!,
          }
        : null,
  };
}
