import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions';
import { SessionAddendum } from './session-addendum.entity';

/** The `session_addenda` table's SQL. Addenda are append-only: inserted, read, and only ever re-encrypted. */
@Injectable()
export class SessionAddendaRepository {
  constructor(private readonly db: Transactions) {}

  /** A new addendum, signed now by its author. */
  async insert(addendum: { organizationId: string; id: string; sessionId: string; authorUserId: string; textCiphertext: string }): Promise<void> {
    await this.db.manager.insert(SessionAddendum, { ...addendum, signedAt: () => 'now()' });
  }

  findById(organizationId: string, id: string): Promise<SessionAddendum | null> {
    return this.db.manager.findOneBy(SessionAddendum, { organizationId, id });
  }

  /** The addenda of these sessions, oldest first. */
  listBySessionIds(organizationId: string, sessionIds: string[]): Promise<SessionAddendum[]> {
    if (sessionIds.length === 0) return Promise.resolve([]);
    return this.db.manager
      .createQueryBuilder(SessionAddendum, 'a')
      .where('a.organizationId = :organizationId AND a.sessionId IN (:...ids)', { organizationId, ids: sessionIds })
      .orderBy('a.createdAt', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .getMany();
  }
}
