
import { IsIn } from 'class-validator';
import { PageQueryDto } from '../../common/pagination';
import { SafetyScreening, SCREENING_RESULTS, ScreeningResult } from '../safety-screening.entity';
import { OptionalText } from '../../http/text-field';
import { IsTimestamp } from '../../common/pagination';
import { Optional } from '../../http/optional';

export class CreateSafetyScreeningDto {
  @IsIn(SCREENING_RESULTS)
  result!: ScreeningResult;

  /** When the screen took place (not in the future); defaults to now. */
  @Optional()
  @IsTimestamp()
  screenedAt?: string;

  @OptionalText(4000)
  note?: string;
}

export class ListSafetyScreeningsQueryDto extends PageQueryDto {}

export class SafetyScreeningDto {
  id!: string;
  organizationId!: string;
  clientId!: string;
  result!: ScreeningResult;
  screenedAt!: Date;
  screenedByUserId!: string | null;
  note!: string | null;
  createdAt!: Date;
  updatedAt!: Date;
  version!: number;
}

export function toSafetyScreeningDto(s: SafetyScreening): SafetyScreeningDto {
  return {
    id: s.id,
    organizationId: s.organizationId,
    clientId: s.clientId,
    result: s.result,
    screenedAt: s.screenedAt,
    screenedByUserId: s.screenedByUserId,
    note: s.note,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    version: s.version,
  };
}
