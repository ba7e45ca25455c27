import { Transform } from 'class-transformer';
import { IsEmail, MaxLength } from 'class-validator';
import { Optional } from '../../http/optional';
import { trim } from '../../http/transforms';
import { PortalAccount } from '../entities/portal-account.entity';
import { PortalInvitation } from '../entities/portal-invitation.entity';

export class CreatePortalInvitationDto {
  /** Where to send the invitation, and the address the client will sign in with; the client's own e-mail when left out. */
  @Optional()
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email?: string;
}

/** A new invitation. Its `token` is answered here once and never again; only its hash is kept. */
export class PortalInvitationDto {
  id!: string;
  clientId!: string;
  /** The address it was sent to, which the client will sign in with. */
  email!: string;
  /** Single use: the client sends it with their new passphrase to `POST /v1/portal/auth/accept`. */
  token!: string;
  /** The portal page that accepts it, with the token. */
  acceptUrl!: string;
  /** 72 hours after it was made. */
  expiresAt!: Date;
  /** Whether it was e-mailed (a mail server is configured and took the message). */
  emailed!: boolean;
  createdAt!: Date;
}

export class PendingInvitationDto {
  id!: string;
  email!: string;
  expiresAt!: Date;
  createdAt!: Date;
}

/** Whether a client can sign in to the portal, and since when. */
export class PortalAccessDto {
  clientId!: string;
  /** True while the client has an accepted, unrevoked portal account. */
  hasAccess!: boolean;
  /** The address the client signs in with; null before any invitation was accepted. */
  email!: string | null;
  /** When the current access began (the accepted invitation); null without access. */
  since!: Date | null;
  /** When access was last revoked; null if never, or since opened again. */
  revokedAt!: Date | null;
  lastLoginAt!: Date | null;
  /** The newest invitation that can still be accepted. */
  pendingInvitation!: PendingInvitationDto | null;
}

export function toPortalInvitationDto(invitation: PortalInvitation, token: string, acceptUrl: string, emailed: boolean): PortalInvitationDto {
  return {
    id: invitation.id,
    clientId: invitation.clientId,
    email: invitation.email,
    token,
    acceptUrl,
    expiresAt: invitation.expiresAt,
    emailed,
    createdAt: invitation.createdAt,
  };
}

export function toPortalAccessDto(clientId: string, account: PortalAccount | null, pending: PortalInvitation | null): PortalAccessDto {
  const live = !!account && !account.revokedAt;
  return {
    clientId,
    hasAccess: live,
    email: account?.email ?? null,
    since: live ? account.grantedAt : null,
    revokedAt: account?.revokedAt ?? null,
    lastLoginAt: account?.lastLoginAt ?? null,
    pendingInvitation: pending ? { id: pending.id, email: pending.email, expiresAt: pending.expiresAt, createdAt: pending.createdAt } : null,
  };
}
