import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientActor } from '../auth/actor';
import { PortalClient } from '../auth/authorize.decorator';
import { CurrentClient } from '../auth/current-actor.decorator';
import { PortalMeDto } from './dto/portal-me.dto';
import { PortalSelfService } from './portal-self.service';

/** The signed-in client's own records: every route answers only what is theirs. */
@ApiTags('Portal')
@Controller('portal')
export class PortalController {
  constructor(private readonly self: PortalSelfService) {}

  @Get('me')
  @PortalClient()
  @ApiOperation({ summary: 'The signed-in client, their practice and their couples' })
  @ApiOkResponse({ type: PortalMeDto })
  getPortalMe(@CurrentClient() client: ClientActor): Promise<PortalMeDto> {
    return this.self.me(client);
  }
}
