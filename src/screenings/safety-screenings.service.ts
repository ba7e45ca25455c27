import { Injectable } from '@nestjs/common';
import { AccessService, Resource } from '../access/access.service';
import { Actor } from '../auth/actor';
import { Page } from '../common/pagination';
import { DomainError } from '../errors/domain-error';
import { CreateSafetyScreeningDto, ListSafetyScreeningsQueryDto, SafetyScreeningDto, toSafetyScreeningDto } from './dto/safety-screening.dto';
import { ScreeningResult } from './safety-screening.entity';
import { SafetyScreeningsRepository } from './safety-screenings.repository';

@Injectable()
export class SafetyScreeningsService {
  constructor(
    private readonly access: AccessService,
    private readonly repository: SafetyScreeningsRepository,
  ) {}

  async list(actor: Actor, clientId: string, query: ListSafetyScreeningsQueryDto): Promise<Page<SafetyScreeningDto>> {
    await this.access.require(actor, Resource.Client, [clientId]);
    const page = await this.repository.listOfClient(actor.organizationId, clientId, query);
    return { data: page.data.map(toSafetyScreeningDto), nextCursor: page.nextCursor };
  }

  /** Every screening of the organization, a page at a time: for the organization's export, whose caller sees the whole organization. */
  async listOfOrganization(organizationId: string, query: ListSafetyScreeningsQueryDto): Promise<Page<SafetyScreeningDto>> {
    const page = await this.repository.listOfOrganization(organizationId, query);
    return { data: page.data.map(toSafetyScreeningDto), nextCursor: page.nextCursor };
  }

  async create(actor: Actor, clientId: string, dto: CreateSafetyScreeningDto): Promise<SafetyScreeningDto> {
    await this.access.require(actor, Resource.Client, [clientId]);
    const screenedAt = dto.screenedAt ? new Date(dto.screenedAt) : new Date();
    if (screenedAt.getTime() > Date.now() + 60_000) {
      throw DomainError.validation([{ field: 'screenedAt', message: 'must not be in the future' }]);
    }
    const screening = await this.repository.insert(actor.organizationId, {
      clientId,
      result: dto.result,
      screenedAt,
      screenedByUserId: actor.kind === 'user' ? actor.id : null,
      note: dto.note ?? null,
    });
    return toSafetyScreeningDto(screening);
  }

  /** The latest screening result of each client, in one query (for couples' safety and the session gate). */
  async latestResults(organizationId: string, clientIds: string[]): Promise<Map<string, ScreeningResult>> {
    if (clientIds.length === 0) return new Map();
    return new Map((await this.repository.latestResults(organizationId, clientIds)).map((row) => [row.clientId, row.result]));
  }
}
