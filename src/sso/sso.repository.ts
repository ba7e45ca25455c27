import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions';
import { SsoConnection } from './sso-connection.entity';
import { SsoSignIn } from './sso-sign-in.entity';

/** The `sso_connections` and `sso_sign_ins` tables' SQL. */
@Injectable()
export class SsoRepository {
  constructor(private readonly db: Transactions) {}

  findConnection(organizationId: string): Promise<SsoConnection | null> {
    return this.db.manager.findOneBy(SsoConnection, { organizationId });
  }

  findConnectionBySlug(slug: string): Promise<SsoConnection | null> {
    return this.db.manager.findOneBy(SsoConnection, { slug });
  }

  async slugTaken(slug: string, exceptOrganizationId: string): Promise<boolean> {
    const [row] = await this.db.manager.query(`SELECT 1 FROM sso_connections WHERE slug = $1 AND organization_id <> $2`, [slug, exceptOrganizationId]);
    return !!row;
  }

  /** Creates or replaces the organization's connection, a new version each time. */
  async upsertConnection(connection: Omit<SsoConnection, 'createdAt' | 'updatedAt' | 'version' | 'organization'>): Promise<SsoConnection> {
    const [row] = await this.db.manager.query(
      `INSERT INTO sso_connections AS c (organization_id, slug, issuer, client_id, client_secret_encrypted, allowed_domains, redirect_uris,
                                         passwords_allowed, break_glass_user_id, unknown_emails, new_staff_role)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (organization_id) DO UPDATE SET
         slug = excluded.slug, issuer = excluded.issuer, client_id = excluded.client_id,
         client_secret_encrypted = excluded.client_secret_encrypted, allowed_domains = excluded.allowed_domains,
         redirect_uris = excluded.redirect_uris, passwords_allowed = excluded.passwords_allowed,
         break_glass_user_id = excluded.break_glass_user_id, unknown_emails = excluded.unknown_emails,
         new_staff_role = excluded.new_staff_role, updated_at = now(), version = c.version + 1
       RETURNING organization_id`,
      [
        connection.organizationId,
        connection.slug,
        connection.issuer,
        connection.clientId,
        connection.clientSecretEncrypted,
        connection.allowedDomains,
        connection.redirectUris,
        connection.passwordsAllowed,
        connection.breakGlassUserId,
        connection.unknownEmails,
        connection.newStaffRole,
      ],
    );
    return this.db.manager.findOneByOrFail(SsoConnection, { organizationId: row.organization_id });
  }

  /** Whether the organization refuses this staff member's password: single sign-on only, and not its break-glass owner. */
  async refusesPasswordOf(organizationId: string, userId: string): Promise<boolean> {
    const [row] = await this.db.manager.query(
      `SELECT 1 FROM sso_connections
        WHERE organization_id = $1 AND NOT passwords_allowed AND break_glass_user_id IS DISTINCT FROM $2`,
      [organizationId, userId],
    );
    return !!row;
  }

  /**
   * Records a sign-in that has started, and deletes the organization's sign-ins that can no longer
   * be used (their state expired and their code, if any, too) an hour on, so that the table holds
   * only live sign-ins and no verifier or nonce outlives its use for long.
   */
  async insertSignIn(signIn: Pick<SsoSignIn, 'organizationId' | 'stateHash' | 'codeVerifier' | 'nonce' | 'redirectUri' | 'expiresAt'>): Promise<SsoSignIn> {
    const manager = this.db.manager;
    await manager.query(
      `DELETE FROM sso_sign_ins WHERE organization_id = $1 AND expires_at < now() - interval '1 hour'
          AND (code_expires_at IS NULL OR code_expires_at < now() - interval '1 hour')`,
      [signIn.organizationId],
    );
    return manager.save(manager.create(SsoSignIn, { ...signIn, answeredAt: null, userId: null, codeHash: null, codeExpiresAt: null, exchangedAt: null }));
  }

  /**
   * Takes the sign-in a provider's answer names by its state, once: the one statement marks it
   * answered and hands back its PKCE verifier and nonce (then cleared), so a replayed answer finds
   * nothing. Expired sign-ins are not taken.
   */
  async takeAnswered(stateHash: string): Promise<Pick<SsoSignIn, 'id' | 'organizationId' | 'codeVerifier' | 'nonce' | 'redirectUri'> | undefined> {
    // TypeORM answers an UPDATE with [rows, count].
    const [[row]] = await this.db.manager.query(
      `UPDATE sso_sign_ins AS s SET answered_at = now(), code_verifier = NULL, nonce = NULL
         FROM sso_sign_ins AS before
        WHERE s.id = before.id AND s.state_hash = $1 AND s.answered_at IS NULL AND s.expires_at > now()
        RETURNING s.id, s.organization_id, before.code_verifier, before.nonce, s.redirect_uri`,
      [stateHash],
    );
    return row
      ? { id: row.id, organizationId: row.organization_id, codeVerifier: row.code_verifier, nonce: row.nonce, redirectUri: row.redirect_uri }
      : undefined;
  }

  async issueCode(id: string, userId: string, codeHash: string, ttlSeconds: number): Promise<void> {
    await this.db.manager.query(
      `UPDATE sso_sign_ins SET user_id = $2, code_hash = $3, code_expires_at = now() + make_interval(secs => $4) WHERE id = $1`,
      [id, userId, codeHash, ttlSeconds],
    );
  }

  /** Takes a one-time code, once, while it is fresh: the user it was issued for. */
  async takeCode(codeHash: string): Promise<{ organizationId: string; userId: string } | undefined> {
    const [[row]] = await this.db.manager.query(
      `UPDATE sso_sign_ins SET exchanged_at = now()
        WHERE code_hash = $1 AND exchanged_at IS NULL AND code_expires_at > now()
        RETURNING organization_id, user_id`,
      [codeHash],
    );
    return row ? { organizationId: row.organization_id, userId: row.user_id } : undefined;
  }
}
