import { Body, Controller, Delete, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IfMatch, IfMatchHeader } from '../common/concurrency';
import { ApiPageResponse, Page, PageQueryDto } from '../common/pagination';
import { IdParam } from '../http/id-param';
import { Actor } from '../auth/actor';
import { Authorize } from '../auth/authorize.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Permission } from '../auth/permissions';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';

@ApiTags('API keys')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  @Authorize(Permission.ApiKeysManage, { staffOnly: true })
  @ApiOperation({ summary: 'List API keys (prefix, role, last use; never the secret)' })
  @ApiPageResponse(ApiKeyDto)
  listApiKeys(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<Page<ApiKeyDto>> {
    return this.keys.list(actor, query);
  }

  @Delete(':id')
  @Authorize(Permission.ApiKeysManage, { staffOnly: true })
  @ApiOperation({ summary: 'Revoke an API key: it stops working at once and stays listed as revoked' })
  @ApiOkResponse({ type: ApiKeyDto })
  revokeApiKey(@CurrentActor() actor: Actor, @IdParam() id: string, @IfMatchHeader() ifMatch: IfMatch | undefined): Promise<ApiKeyDto> {
    return this.keys.revoke(actor, id, ifMatch);
  }

  @Post()
  @Authorize(Permission.ApiKeysManage, { staffOnly: true })
  @ApiOperation({ summary: 'Create an API key for clinic software (the secret is shown only in this response)' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  createApiKey(@CurrentActor() actor: Actor, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.keys.create(actor, dto);
  }
}
