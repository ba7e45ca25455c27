import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { Authorize } from '../auth/authorize.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Permission } from '../auth/permissions';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { ChangesPageDto, ListChangesQueryDto } from './dto/change.dto';
import { ChangesService } from './changes.service';

@ApiTags('Changes')
@Controller('changes')
export class ChangesController {
  constructor(private readonly changes: ChangesService) {}

  @Get()
  @Authorize(Permission.ChangesRead)
  @ApiOperation({
    summary: 'The organization’s changes in commit order, after a cursor: catch up after downtime, see deletions',
    description:
      'Each change names a record (`resourceType`, `resourceId`), its `version` after the change and who made it; never its content ' +
      '(read the record for that). Changes come in the order they committed, numbered without gaps, so following `nextCursor` never ' +
      'skips a change that commits late and never repeats one. `nextCursor` is always set: store it and pass it as `after`. ' +
      'Changes are kept 30 days; an older cursor is a 410 `CHANGES_CURSOR_EXPIRED`: resync from the collections, then start ' +
      'again without `after`.',
  })
  @ApiOkResponse({ type: ChangesPageDto })
  @ApiProblems(410)
  listChanges(@CurrentActor() actor: Actor, @Query() query: ListChangesQueryDto): Promise<ChangesPageDto> {
    return this.changes.list(actor, query);
  }
}
