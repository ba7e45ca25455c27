import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import { Actor } from '../auth/actor';
import { CLIENTS } from '../clients/clients.service';
import { Page, paginate } from '../common/pagination';
import { DomainError } from '../errors/domain-error';
import { CreateSafetyScreeningDto, ListSafetyScreeningsQueryDto, SafetyScreeningDto, toSafetyScreeningDto } from './dto/safety-screening.dto';
import { SafetyScreening, ScreeningResult } from './safety-screening.entity';
import { Transactions } from '../database/transactions';

/** A couple's safety, from both partners' latest screenings: the worst of the two, `missing` if either has none. */
export type CoupleSafety = ScreeningResult | 'missing';

const SEVERITY: CoupleSafety[] = ['clear', 'concern', 'missing', 'unsafe'];

export function combineSafety(a: ScreeningResult | null, b: ScreeningResult | null): CoupleSafety {
  const values: CoupleSafety[] = [a ?? 'missing', b ?? 'missing'];
  return values.reduce((worst, v) => (SEVERITY.indexOf(v) > SEVERITY.indexOf(worst) ? v : worst), 'clear' as CoupleSafety);
}

@Injectable()
export class SafetyScreeningsService {
  constructor(
    private readonly db: Transactions,
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  async list(actor: Actor, clientId: string, query: ListSafetyScreeningsQueryDto): Promise<Page<SafetyScreeningDto>> {
    await this.access.require(actor, CLIENTS, [clientId]);
    const qb = this.dataSource
      .getRepository(SafetyScreening)
      .createQueryBuilder('screening')
      .where('screening.organizationId = :organizationId AND screening.clientId = :clientId', {
        organizationId: actor.organizationId,
        clientId,
      });
    const page = await paginate(qb, query);
    return { data: page.data.map(toSafetyScreeningDto), nextCursor: page.nextCursor };
  }

  async create(actor: Actor, clientId: string, dto: CreateSafetyScreeningDto): Promise<SafetyScreeningDto> {
    await this.access.require(actor, CLIENTS, [clientId]);
    const screenedAt = dto.screenedAt ? new Date(dto.screenedAt) : new Date();
    if (screenedAt.getTime() > Date.now() + 60_000) {
      throw DomainError.validation([{ field: 'screenedAt', message: 'must not be in the future' }]);
    }
    const repo = this.dataSource.getRepository(SafetyScreening);
    const saved = await repo.save(
      repo.create({
        organizationId: actor.organizationId,
        clientId,
        result: dto.result,
        screenedAt,
        screenedByUserId: actor.kind === 'user' ? actor.id : null,
        note: dto.note ?? null,
      }),
    );
    return toSafetyScreeningDto(await repo.findOneByOrFail({ organizationId: actor.organizationId, id: saved.id }));
  }

  /** The latest screening result of each client, in one query (for couples' safety and the session gate). */
  async latestResults(organizationId: string, clientIds: string[]): Promise<Map<string, ScreeningResult>> {
    const latest = new Map<string, ScreeningResult>();
    if (clientIds.length === 0) return latest;
    const rows: { client_id: string; result: ScreeningResult }[] = await this.db.manager.query(
      `SELECT DISTINCT ON (client_id) client_id, result FROM safety_screenings
        WHERE organization_id = $1 AND client_id = ANY($2::uuid[])
        ORDER BY client_id, screened_at DESC, id DESC`,
      [organizationId, clientIds],
    );
    for (const row of rows) latest.set(row.client_id, row.result);
    return latest;
  }
}
