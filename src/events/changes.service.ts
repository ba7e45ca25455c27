import { Injectable } from '@nestjs/common';
import { Actor } from '../auth/actor';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { ChangeEventsRepository } from './change-events.repository';
import { ChangesPageDto, ListChangesQueryDto, toChangeDto } from './dto/change.dto';
import { CHANGE_RETENTION_DAYS } from './change-retention';

/**
 * The changes feed. Positions are the organization's commit order with no gap (a transaction takes
 * its positions as its last step, under the lock of the organization's head row, and commits with
 * it held), so a page read "after N" never misses a change that commits later: a change committing
 * later always has a higher position than every change visible before it.
 */
@Injectable()
export class ChangesService {
  constructor(private readonly changes: ChangeEventsRepository) {}

  async list(actor: Actor, query: ListChangesQueryDto): Promise<ChangesPageDto> {
    const after = query.after ?? '0';
    const types = query.types ?? [];
    const read = await this.changes.read(actor.organizationId, after, types, query.limit);
    if (query.after !== undefined && BigInt(after) < BigInt(read.prunedThrough)) {
      throw new DomainError(
        ErrorCode.ChangesCursorExpired,
        `Changes after this cursor were deleted after ${CHANGE_RETENTION_DAYS} days; read the collections again, then follow the feed from its start.`,
      );
    }
    if (BigInt(after) > BigInt(read.lastPosition)) {
      throw DomainError.validation([{ field: 'after', message: 'is not a cursor this API issued' }]);
    }
    const full = read.rows.length === query.limit;
    // A short page read every change committed up to the head: with a type filter, skip to it.
    const last = full ? read.rows[read.rows.length - 1].position : read.lastPosition;
    const position = BigInt(last) < BigInt(read.prunedThrough) ? read.prunedThrough : last;
    return {
      data: read.rows.map(toChangeDto),
      nextCursor: position,
      hasMore: full && BigInt(position) < BigInt(read.lastPosition),
    };
  }
}
