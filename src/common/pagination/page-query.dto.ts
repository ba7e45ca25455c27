import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsTimestamp } from './timestamp';
import { queryBoolean, queryInteger } from '../../http/transforms';

/**
 * The query of every list: `?limit=&cursor=&updatedSince=&includeArchived=`. A module's list query
 * extends it with its own filters; `paginate()` reads it.
 */
export class PageQueryDto {
  /** How many items to return. */
  @ApiPropertyOptional({ type: 'integer' }) // has a default: optional to clients, always set here
  @Transform(queryInteger)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 25;

  /** The `nextCursor` of the previous page; omit it for the first page. */
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;

  /**
   * Only items changed at or after this instant, oldest change first: for incremental sync.
   * An item changed during the walk moves to the end and is returned again. Archived items are
   * included (with `archivedAt` set, as archiving is a change), so a sync sees deletions, unless
   * `includeArchived=false`.
   */
  @ApiPropertyOptional({ format: 'date-time', example: '2024-05-01T10:00:00Z' })
  @IsOptional()
  @IsTimestamp()
  updatedSince?: string;

  /**
   * Whether archived items are listed. The default is `false`, except with `updatedSince`, where
   * it is `true` so that a sync sees deletions. Lists of records that are never archived ignore it.
   */
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  includeArchived?: boolean;
}

/**
 * Whether a list shows archived items: as asked, or by default only to a sync (`updatedSince`),
 * which must see deletions. The one rule for every list, `paginate` and lists of their own alike.
 */
export function includesArchived({ includeArchived, updatedSince }: Pick<PageQueryDto, 'includeArchived' | 'updatedSince'>): boolean {
  return includeArchived ?? updatedSince !== undefined;
}
