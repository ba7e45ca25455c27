import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { Authorize } from '../auth/authorize.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Permission } from '../auth/permissions';
import { IdParam } from '../http/id-param';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { CreateStaffUserDto, ListStaffQueryDto, StaffUserDto, UpdateStaffUserDto } from './dto/staff.dto';
import { IfMatch, IfMatchHeader } from '../common/concurrency';
import { Idempotent } from '../common/idempotency';
import { ApiPageResponse, Page } from '../common/pagination';
import { StaffService } from './staff.service';

@ApiTags('Staff')
@Controller('staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Get()
  @Authorize(Permission.StaffRead, { staffOnly: true })
  @ApiOperation({ summary: 'List the organization’s staff' })
  @ApiPageResponse(StaffUserDto)
  listStaff(@CurrentActor() actor: Actor, @Query() query: ListStaffQueryDto): Promise<Page<StaffUserDto>> {
    return this.staff.list(actor, query);
  }

  @Post()
  @Authorize(Permission.StaffManage, { staffOnly: true })
  @Idempotent({ secretFields: ['password'] })
  @ApiOperation({ summary: 'Add a staff user (only an owner may add an owner)' })
  @ApiCreatedResponse({ type: StaffUserDto })
  @ApiProblems(409)
  createStaffUser(@CurrentActor() actor: Actor, @Body() dto: CreateStaffUserDto): Promise<StaffUserDto> {
    return this.staff.create(actor, dto);
  }

  @Get(':id')
  @Authorize(Permission.StaffRead, { staffOnly: true })
  @ApiOperation({ summary: 'Get a staff user' })
  @ApiOkResponse({ type: StaffUserDto })
  getStaffUser(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<StaffUserDto> {
    return this.staff.get(actor, id);
  }

  @Patch(':id')
  @Authorize(Permission.StaffManage, { staffOnly: true })
  @ApiOperation({ summary: 'Change a staff user’s name, role or active state (the last owner stays an active owner)' })
  @ApiOkResponse({ type: StaffUserDto })
  @ApiProblems(409)
  updateStaffUser(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateStaffUserDto,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<StaffUserDto> {
    return this.staff.update(actor, id, dto, ifMatch);
  }
}
