import { Injectable } from '@nestjs/common';
import { isoTimestampSql } from '../database/exact-timestamp';
import { Transactions } from '../database/transactions';
import { SessionAddendum } from './session-addendum.entity';

/** An addendum as reads hand it on: instants ISO 8601 text, the text still encrypted. */
export interface AddendumRow {
  id: string;
  sessionId: string;
  authorUserId: string;
  signedAt: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  textCiphertext: string;
}

/** The `session_addenda` table's SQL. Addenda are append-only: inserted, read, and only ever re-encrypted. */
@Injectable()
export class SessionAddendaRepository {
  constructor(private readonly db: Transactions) {}

  /** A new addendum, signed now by its author, as stored (`RETURNING`, no second read). */
  async insert(addendum: { organizationId: string; id: string; sessionId: string; authorUserId: string; textCiphertext: string }): Promise<AddendumRow> {
    const { raw } = await this.db.manager
      .createQueryBuilder()
      .insert()
      .into(SessionAddendum)
      .values({ ...addendum, signedAt: () => 'now()' })
      .returning(
        `id, session_id AS "sessionId", author_user_id AS "authorUserId", ${isoTimestampSql('signed_at')} AS "signedAt",
         ${isoTimestampSql('created_at')} AS "createdAt", ${isoTimestampSql('updated_at')} AS "updatedAt", version, text_ciphertext AS "textCiphertext"`,
      )
      .updateEntity(false)
      .execute();
    return (raw as AddendumRow[])[0];
  }
}

/** SQL fragments for the sessions' statements; arguments are SQL expressions or placeholders. */
export const addendumSql = {
  /**
   * A lateral-joinable row `(addenda)`: the session's addenda as a JSON array of `AddendumRow`,
   * oldest first, so a list reads its page's addenda in its own statement.
   */
  ofSession: (organizationId: string, sessionId: string) =>
    `SELECT coalesce(json_agg(json_build_object('id', ad.id, 'sessionId', ad.session_id, 'authorUserId', ad.author_user_id,
                                                'signedAt', ${isoTimestampSql('ad.signed_at')}, 'createdAt', ${isoTimestampSql('ad.created_at')},
                                                'updatedAt', ${isoTimestampSql('ad.updated_at')}, 'version', ad.version, 'textCiphertext', ad.text_ciphertext)
                              ORDER BY ad.created_at, ad.id), '[]'::json) AS addenda
       FROM session_addenda ad
      WHERE ad.organization_id = ${organizationId} AND ad.session_id = ${sessionId}`,
};
