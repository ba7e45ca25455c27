import { Controller, Get } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from './actor';
import { Authorize } from './authorize.decorator';
import { CurrentActor } from './current-actor.decorator';
import { ME_VARIANTS, MeDto } from './dto/me.dto';
import { MeService } from './me.service';
import { Permission } from './permissions';

@ApiTags('Auth')
@Controller('me')
export class MeController {
  constructor(private readonly me: MeService) {}

  @Get()
  @Authorize(Permission.SelfRead)
  @ApiOperation({ summary: 'Who the credential belongs to, its organization and its permissions' })
  @ApiExtraModels(...ME_VARIANTS.variants)
  @ApiOkResponse({ schema: ME_VARIANTS.schema() })
  getMe(@CurrentActor() actor: Actor): Promise<MeDto> {
    return this.me.describe(actor);
  }
}
