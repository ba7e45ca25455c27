import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { Authorize } from '../auth/authorize.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Permission } from '../auth/permissions';
import { IfMatch, IfMatchHeader } from '../common/concurrency';
import { Idempotent } from '../common/idempotency';
import { ApiPageResponse, Page } from '../common/pagination';
import { IdParam } from '../http/id-param';
import { UnionBody } from '../http/unions';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { AssignmentsService } from './assignments.service';
import {
  AssignmentBatchDto,
  AssignmentDto,
  CREATE_ASSIGNMENT_VARIANTS,
  CreateAssignmentDto,
  GroupAssignmentSummaryDto,
  ListAssignmentsQueryDto,
  UpdateAssignmentDto,
} from './dto/assignment.dto';

@ApiTags('Assignments')
@Controller('assignments')
export class AssignmentsController {
  constructor(private readonly assignments: AssignmentsService) {}

  @Get()
  @Authorize(Permission.AssignmentsRead)
  @ApiOperation({ summary: 'List the assignments you can reach (facilitators: those given to groups they run)' })
  @ApiPageResponse(AssignmentDto)
  listAssignments(@CurrentActor() actor: Actor, @Query() query: ListAssignmentsQueryDto): Promise<Page<AssignmentDto>> {
    return this.assignments.list(actor, query);
  }

  @Post()
  @Authorize(Permission.AssignmentsWrite)
  @Idempotent()
  @ApiOperation({
    summary:
      'Give an exercise to a client, to both partners of a couple, or to every current member of a group: one assignment per person, all or none',
  })
  @ApiCreatedResponse({ type: AssignmentBatchDto })
  @ApiProblems(404, 409)
  createAssignments(@CurrentActor() actor: Actor, @UnionBody(CREATE_ASSIGNMENT_VARIANTS) dto: CreateAssignmentDto): Promise<AssignmentBatchDto> {
    return this.assignments.create(actor, dto);
  }

  @Get(':id')
  @Authorize(Permission.AssignmentsRead)
  @ApiOperation({ summary: 'Get an assignment, with the client’s response' })
  @ApiOkResponse({ type: AssignmentDto })
  getAssignment(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<AssignmentDto> {
    return this.assignments.get(actor, id);
  }

  @Patch(':id')
  @Authorize(Permission.AssignmentsWrite)
  @ApiOperation({
    summary: 'Start, complete or skip an assignment and record the client’s response (completed and skipped are final)',
  })
  @ApiOkResponse({ type: AssignmentDto })
  @ApiProblems(409)
  updateAssignment(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateAssignmentDto,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<AssignmentDto> {
    return this.assignments.update(actor, id, dto, ifMatch);
  }
}

/** The facilitator's view of a group's homework, beside the group's own routes. */
@ApiTags('Assignments')
@Controller('groups')
export class GroupAssignmentsController {
  constructor(private readonly assignments: AssignmentsService) {}

  @Get(':id/assignments/summary')
  @Authorize(Permission.GroupsRead)
  @ApiOperation({
    summary: 'How the group’s assignments stand for each current member, by name only',
    description:
      'Current members only: a client who left the group, or whose record was archived (which ends their memberships), ' +
      'is not listed, even after a restore, until they join again.',
  })
  @ApiOkResponse({ type: GroupAssignmentSummaryDto })
  getGroupAssignmentSummary(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<GroupAssignmentSummaryDto> {
    return this.assignments.groupSummary(actor, id);
  }
}
