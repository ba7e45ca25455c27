import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { Authorize } from '../auth/authorize.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Permission } from '../auth/permissions';
import { IfMatch, IfMatchHeader } from '../common/concurrency';
import { Idempotent } from '../common/idempotency';
import { ApiPageResponse, Page } from '../common/pagination';
import { IdParam } from '../http/id-param';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { CreateGroupDto, GroupDto, GroupMemberDto, ListGroupMembersQueryDto, ListGroupsQueryDto, UpdateGroupDto } from './dto/group.dto';
import { GroupsService } from './groups.service';

@ApiTags('Groups')
@Controller('groups')
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  @Get()
  @Authorize(Permission.GroupsRead)
  @ApiOperation({ summary: 'List groups (facilitators and practitioners see the groups they run)' })
  @ApiPageResponse(GroupDto)
  listGroups(@CurrentActor() actor: Actor, @Query() query: ListGroupsQueryDto): Promise<Page<GroupDto>> {
    return this.groups.list(actor, query);
  }

  @Post()
  @Authorize(Permission.GroupsWrite)
  @Idempotent()
  @ApiOperation({ summary: 'Create a group (facilitators and practitioners create groups they run)' })
  @ApiCreatedResponse({ type: GroupDto })
  createGroup(@CurrentActor() actor: Actor, @Body() dto: CreateGroupDto): Promise<GroupDto> {
    return this.groups.create(actor, dto);
  }

  @Get(':id')
  @Authorize(Permission.GroupsRead)
  @ApiOperation({ summary: 'Get a group (archived ones too)' })
  @ApiOkResponse({ type: GroupDto })
  getGroup(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<GroupDto> {
    return this.groups.get(actor, id);
  }

  @Patch(':id')
  @Authorize(Permission.GroupsWrite)
  @ApiOperation({ summary: 'Change a group (only owners, admins and API keys change its facilitator)' })
  @ApiOkResponse({ type: GroupDto })
  @ApiProblems(409)
  updateGroup(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateGroupDto,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<GroupDto> {
    return this.groups.update(actor, id, dto, ifMatch);
  }

  @Delete(':id')
  @Authorize(Permission.GroupsWrite)
  @ApiOperation({ summary: 'Archive a group (it leaves lists, stays readable, and can be restored)' })
  @ApiOkResponse({ type: GroupDto })
  archiveGroup(@CurrentActor() actor: Actor, @IdParam() id: string, @IfMatchHeader() ifMatch: IfMatch | undefined): Promise<GroupDto> {
    return this.groups.archive(actor, id, ifMatch);
  }

  @Post(':id/restore')
  @Authorize(Permission.GroupsWrite)
  @HttpCode(200)
  @ApiOperation({ summary: 'Bring an archived group back' })
  @ApiOkResponse({ type: GroupDto })
  restoreGroup(@CurrentActor() actor: Actor, @IdParam() id: string, @IfMatchHeader() ifMatch: IfMatch | undefined): Promise<GroupDto> {
    return this.groups.restore(actor, id, ifMatch);
  }

  @Get(':id/members')
  @Authorize(Permission.GroupsRead)
  @ApiOperation({ summary: 'List a group’s current members, by name only' })
  @ApiPageResponse(GroupMemberDto)
  listGroupMembers(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Query() query: ListGroupMembersQueryDto,
  ): Promise<Page<GroupMemberDto>> {
    return this.groups.members(actor, id, query);
  }

  @Put(':id/members/:clientId')
  @Authorize(Permission.GroupsWrite)
  @ApiOperation({
    summary: 'Add a client of the organization to the group (idempotent; a former member rejoins)',
    description:
      '409 `GROUP_CLOSED` for a closed or archived group, `GROUP_FULL` at capacity, and `SUBJECT_ARCHIVED` for an ' +
      'archived client: archiving a client ends their memberships, and they rejoin only once restored.',
  })
  @ApiOkResponse({ type: GroupMemberDto })
  @ApiProblems(409)
  putGroupMember(@CurrentActor() actor: Actor, @IdParam() id: string, @IdParam('clientId') clientId: string): Promise<GroupMemberDto> {
    return this.groups.addMember(actor, id, clientId);
  }

  @Delete(':id/members/:clientId')
  @Authorize(Permission.GroupsWrite)
  @HttpCode(204)
  @ApiOperation({ summary: 'Take a client out of the group' })
  @ApiNoContentResponse({ description: 'Removed.' })
  deleteGroupMember(@CurrentActor() actor: Actor, @IdParam() id: string, @IdParam('clientId') clientId: string): Promise<void> {
    return this.groups.removeMember(actor, id, clientId);
  }
}
