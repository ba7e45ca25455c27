import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { queryInteger } from '../../http/transforms';
import { ChangeActorType } from '../change-event.entity';
import { ChangeRow } from '../change-events.repository';
import { CHANGE_TYPES } from '../change-types';

const commaList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((part) => part.trim()).filter(Boolean) : value;

export class ListChangesQueryDto {
  /**
   * The `nextCursor` of the previous page; omit it to start at the oldest change still kept. A cursor
   * older than the feed's retention (30 days) is a 410 `CHANGES_CURSOR_EXPIRED`: resync.
   */
  @ApiPropertyOptional({ example: '0' })
  @IsOptional()
  @Matches(/^(0|[1-9]\d{0,17})$/, { message: 'is not a cursor this API issued' })
  after?: string;

  /** Only changes of these types, comma-separated (e.g. `client.created,session.completed`). */
  @ApiPropertyOptional({ type: 'string', pattern: '^[a-z_]+\\.[a-z_]+(,[a-z_]+\\.[a-z_]+){0,99}$', example: 'client.created,session.completed' })
  @IsOptional()
  @Transform(commaList)
  @ArrayMaxSize(100)
  @IsIn(CHANGE_TYPES, { each: true })
  types?: string[];

  /** How many changes to return. */
  @ApiPropertyOptional({ type: 'integer' })
  @Transform(queryInteger)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 100;
}

/** One change: which record, its version after it, and who made it. Never the record's content. */
export class ChangeDto {
  /** The change's id: the `webhook-id` of its webhook deliveries. */
  @ApiProperty({ format: 'uuid' })
  id!: string;

  /** Its place in the organization's commit order: 1, 2, 3… with no gap. */
  @ApiProperty({ example: '1042' })
  position!: string;

  @ApiProperty({ enum: CHANGE_TYPES, example: 'client.updated' })
  type!: string;

  /** e.g. `client`, `session`, `enrollment`. */
  resourceType!: string;

  @ApiProperty({ format: 'uuid' })
  resourceId!: string;

  /** The record's version after the change (its ETag); null for a change with no versioned record of its own. */
  @ApiProperty({ type: 'integer', nullable: true })
  version!: number | null;

  @ApiProperty({ enum: ['user', 'apiKey', 'client', 'system'] })
  actorType!: ChangeActorType;

  occurredAt!: Date;
}

export class ChangesPageDto {
  @ApiProperty({ type: [ChangeDto] })
  data!: ChangeDto[];

  /** Pass as `after` for the next changes; always set, even when `data` is empty (poll again with it). */
  @ApiProperty({ example: '1042' })
  nextCursor!: string;

  /** Whether more changes were already committed after this page: fetch again at once. */
  hasMore!: boolean;
}

export function toChangeDto(row: ChangeRow): ChangeDto {
  return {
    id: row.id,
    position: row.position,
    type: row.type,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    version: row.version,
    actorType: row.actorType,
    occurredAt: row.occurredAt,
  };
}
