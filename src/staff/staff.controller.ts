import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { Authorize } from '../auth/authorize.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Permission } from '../auth/permissions';
import { IdParam } from '../http/id-param';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { CreateStaffUserDto, StaffUserDto } from './dto/staff.dto';
import { StaffService } from './staff.service';

@ApiTags('Staff')
@Controller('staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Post()
  @Authorize(Permission.StaffManage, { staffOnly: true })
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
}
