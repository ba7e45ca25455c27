import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { Authorize } from '../auth/authorize.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Permission } from '../auth/permissions';
import { IfMatch, IfMatchHeader } from '../common/concurrency';
import { OrganizationDto, UpdateOrganizationDto } from './dto/organization.dto';
import { OrganizationService } from './organization.service';

@ApiTags('Organization')
@Controller('organization')
export class OrganizationController {
  constructor(private readonly organization: OrganizationService) {}

  @Get()
  @Authorize(Permission.SelfRead)
  @ApiOperation({ summary: 'Get your organization, with its time zone' })
  @ApiOkResponse({ type: OrganizationDto })
  getOrganization(@CurrentActor() actor: Actor): Promise<OrganizationDto> {
    return this.organization.get(actor);
  }

  @Patch()
  @Authorize(Permission.OrganizationManage)
  @ApiOperation({
    summary: 'Change your organization’s name or time zone (owners and admins)',
    description: 'Commitments keep the time zone they were made in: a new time zone applies to commitments made after the change.',
  })
  @ApiOkResponse({ type: OrganizationDto })
  updateOrganization(
    @CurrentActor() actor: Actor,
    @Body() dto: UpdateOrganizationDto,
    @IfMatchHeader() ifMatch: IfMatch | undefined,
  ): Promise<OrganizationDto> {
    return this.organization.update(actor, dto, ifMatch);
  }
}
