import { Injectable } from '@nestjs/common';
import { Page, PageQueryDto, paginate } from '../common/pagination';
import { Transactions } from '../database/transactions';
import { SafetyScreening, ScreeningResult } from './safety-screening.entity';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { insertReturning } from '../database/returning';

type ScreeningValues = Pick<SafetyScreening, 'clientId' | 'result' | 'screenedAt' | 'screenedByUserId' | 'note'>;

/** The `safety_screenings` table's SQL. */
@Injectable()
export class SafetyScreeningsRepository {
  constructor(private readonly db: Transactions) {}

  listOfClient(organizationId: string, clientId: string, page: PageQueryDto): Promise<Page<SafetyScreening>> {
    const qb = this.db.manager
      .createQueryBuilder(SafetyScreening, 'screening')
      .where('screening.organizationId = :organizationId AND screening.clientId = :clientId', { organizationId, clientId });
    return paginate(qb, page);
  }

  /** Every client's screenings, a page at a time: for the organization's export. */
  listOfOrganization(organizationId: string, page: PageQueryDto): Promise<Page<SafetyScreening>> {
    const qb = this.db.manager.createQueryBuilder(SafetyScreening, 'screening').where('screening.organizationId = :organizationId', { organizationId });
    return paginate(qb, page);
  }

  /** Inserts the screening and answers it as stored (`RETURNING`, no second read). */
  insert(organizationId: string, values: ScreeningValues): Promise<SafetyScreening> {
    return insertReturning(this.db.manager, SafetyScreening, { organizationId, ...values } as QueryDeepPartialEntity<SafetyScreening>);
  }

  /** Each client's latest result, in one query. Raw SQL: DISTINCT ON. */
  async latestResults(organizationId: string, clientIds: string[]): Promise<{ clientId: string; result: ScreeningResult }[]> {
    const rows: { client_id: string; result: ScreeningResult }[] = await this.db.manager.query(
      `SELECT DISTINCT ON (client_id) client_id, result FROM safety_screenings
        WHERE organization_id = $1 AND client_id = ANY($2::uuid[])
        ORDER BY client_id, screened_at DESC, id DESC`,
      [organizationId, clientIds],
    );
    return rows.map((row) => ({ clientId: row.client_id, result: row.result }));
  }
}

/** SQL fragments for other features' statements; arguments are SQL expressions or placeholders. */
export const screeningSql = {
  /** A lateral-joinable row `(result)` of the client's latest screening, as `latestResults` picks it; none when never screened. */
  latestResult: (organizationId: string, clientId: string) =>
    `SELECT s.result FROM safety_screenings s WHERE s.organization_id = ${organizationId} AND s.client_id = ${clientId}
      ORDER BY s.screened_at DESC, s.id DESC LIMIT 1`,
};
