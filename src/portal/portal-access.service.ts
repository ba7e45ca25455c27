import { Injectable } from '@nestjs/common';
import { AccessService, Resource } from '../access/access.service';
import { Actor } from '../auth/actor';
import { AuthSessionsService } from '../auth/auth-sessions.service';
import { randomSecret, sha256 } from '../auth/secrets';
import { ClientsRepository } from '../clients/clients.repository';
import { AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { DomainError } from '../errors/domain-error';
import { ErrorCode } from '../errors/error-code';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { CreatePortalInvitationDto, PortalAccessDto, PortalInvitationDto, toPortalAccessDto, toPortalInvitationDto } from './dto/portal-access.dto';
import { InvitationMailer } from './invitation-mailer';
import { PortalAccountsRepository } from './portal-accounts.repository';

/** How long an invitation can be accepted. */
export const INVITATION_TTL_MS = 72 * 60 * 60 * 1000;
export const INVITATION_TOKEN_PREFIX = 'tpi_';

/** Staff's side of the portal: inviting a client, seeing whether they have access, and revoking it. */
@Injectable()
export class PortalAccessService {
  constructor(
    private readonly db: Transactions,
    private readonly access: AccessService,
    private readonly clients: ClientsRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly accounts: PortalAccountsRepository,
    private readonly sessions: AuthSessionsService,
    private readonly mailer: InvitationMailer,
    private readonly config: AppConfig,
  ) {}

  /** A new single-use invitation (earlier pending ones are withdrawn), e-mailed when a mail server is configured. */
  async invite(actor: Actor, clientId: string, dto: CreatePortalInvitationDto): Promise<PortalInvitationDto> {
    await this.access.require(actor, Resource.Client, [clientId]);
    const token = `${INVITATION_TOKEN_PREFIX}${randomSecret(32)}`;
    const { invitation, practiceName } = await this.db.run(async () => {
      const client = await this.clients.findById(actor.organizationId, clientId);
      if (!client) throw DomainError.notFound('client');
      if (client.archivedAt) throw new DomainError(ErrorCode.SubjectArchived, 'The client is archived; restore them before inviting them to the portal.');
      const email = (dto.email ?? client.email)?.toLowerCase();
      if (!email) throw DomainError.validation([{ field: 'email', message: 'email is required: the client has no e-mail address on file' }]);
      if (await this.accounts.emailTakenByAnother(actor.organizationId, email, clientId)) {
        throw new DomainError(ErrorCode.PortalEmailTaken, 'Another client of this organization signs in to the portal with this e-mail address.');
      }
      await this.accounts.withdrawPending(actor.organizationId, clientId);
      const created = await this.accounts.insertInvitation({
        organizationId: actor.organizationId,
        clientId,
        email,
        tokenHash: sha256(token),
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
        invitedByType: actor.kind,
        invitedById: actor.id,
      });
      return { invitation: created, practiceName: (await this.organizations.findOrFail(actor.organizationId)).name };
    });
    const acceptUrl = this.acceptUrl(token);
    const emailed = await this.mailer.send({ to: invitation.email, practiceName, acceptUrl, expiresAt: invitation.expiresAt });
    return toPortalInvitationDto(invitation, token, acceptUrl, emailed);
  }

  async status(actor: Actor, clientId: string): Promise<PortalAccessDto> {
    await this.access.require(actor, Resource.Client, [clientId]);
    const account = await this.accounts.findAccount(actor.organizationId, clientId);
    const pending = await this.accounts.findPending(actor.organizationId, clientId);
    return toPortalAccessDto(clientId, account, pending);
  }

  /** Ends the client's access, their pending invitations, and every portal session they have open, at once. */
  async revoke(actor: Actor, clientId: string): Promise<void> {
    await this.access.require(actor, Resource.Client, [clientId]);
    await this.db.run(async () => {
      await this.accounts.revoke(actor.organizationId, clientId);
      await this.accounts.withdrawPending(actor.organizationId, clientId);
      await this.sessions.revokeAllOfClient(actor.organizationId, clientId);
    });
  }

  private acceptUrl(token: string): string {
    const page = this.config.PORTAL_INVITATION_URL ?? `${this.config.PUBLIC_URL}/portal/accept`;
    return `${page}?token=${encodeURIComponent(token)}`;
  }
}
