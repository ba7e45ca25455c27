import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../auth/actor';
import { Authorize } from '../auth/authorize.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Permission } from '../auth/permissions';
import { IdParam } from '../http/id-param';
import { ClientReliabilityDto, CoupleReliabilityDto, ReliabilityQueryDto } from './dto/reliability.dto';
import { ReliabilityService } from './reliability.service';

const COUNTING =
  'Each occurrence of a commitment that fell due counts once, by the committer’s report; the other partner’s answer ' +
  'counts toward the agreement rate. Archived commitments do not count; an earlier version of a renegotiated one counts ' +
  'up to the renegotiated day. Dates, periods and ISO weeks are calendar days in the organization’s time zone.';

@ApiTags('Commitments')
@Controller()
export class ReliabilityController {
  constructor(private readonly reliability: ReliabilityService) {}

  @Get('couples/:id/reliability')
  @Authorize(Permission.CommitmentsRead)
  @ApiOperation({
    summary: 'How each partner follows through on their commitments, and breaches of the couple’s boundaries',
    description: `${COUNTING} Breaches count by the day they occurred.`,
  })
  @ApiOkResponse({ type: CoupleReliabilityDto })
  getCoupleReliability(@CurrentActor() actor: Actor, @IdParam() id: string, @Query() query: ReliabilityQueryDto): Promise<CoupleReliabilityDto> {
    return this.reliability.ofCouple(actor, id, query);
  }

  @Get('clients/:id/reliability')
  @Authorize(Permission.CommitmentsRead)
  @ApiOperation({ summary: 'How a client follows through on their own commitments (individual work)', description: COUNTING })
  @ApiOkResponse({ type: ClientReliabilityDto })
  getClientReliability(@CurrentActor() actor: Actor, @IdParam() id: string, @Query() query: ReliabilityQueryDto): Promise<ClientReliabilityDto> {
    return this.reliability.ofClient(actor, id, query);
  }
}
