import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config';

/** What an invitation e-mail says: the practice's name and the link, and nothing about the client's care. */
export interface InvitationMail {
  to: string;
  practiceName: string;
  acceptUrl: string;
  expiresAt: Date;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The invitation's subject, plain-text and HTML bodies: pure, so what it may say is easy to check. */
export function invitationMessage(mail: InvitationMail): { subject: string; text: string; html: string } {
  const until = mail.expiresAt.toUTCString();
  const subject = `Your invitation to ${mail.practiceName}'s client portal`;
  const text =
    `${mail.practiceName} has invited you to its client portal.\n\n` +
    `Open this link to choose your passphrase (12 characters or more) and sign in:\n${mail.acceptUrl}\n\n` +
    `The link works once, until ${until}. If you did not expect this message, you can ignore it.\n`;
  const practice = escapeHtml(mail.practiceName);
  const url = escapeHtml(mail.acceptUrl);
  const html =
    `<p>${practice} has invited you to its client portal.</p>` +
    `<p><a href="${url}">Choose your passphrase and sign in</a> (12 characters or more).</p>` +
    `<p>The link works once, until ${escapeHtml(until)}. If you did not expect this message, you can ignore it.</p>`;
  return { subject, text, html };
}

/**
 * Sends portal invitations through the mail server of SMTP_URL (nodemailer); without one, sends
 * nothing. A failure is logged without the address and reported to the caller, who still has the link.
 */
@Injectable()
export class InvitationMailer implements OnModuleDestroy {
  private readonly logger = new Logger('Mail');
  private transport?: Transporter;

  constructor(private readonly config: AppConfig) {}

  get configured(): boolean {
    return !!this.config.SMTP_URL;
  }

  /** Whether the message was accepted by the mail server. */
  async send(mail: InvitationMail): Promise<boolean> {
    if (!this.config.SMTP_URL) return false;
    this.transport ??= createTransport(this.config.SMTP_URL);
    try {
      await this.transport.sendMail({ from: this.config.MAIL_FROM, to: mail.to, ...invitationMessage(mail) });
      return true;
    } catch (error) {
      // The server's message may quote the address: only what kind of failure it was is logged.
      const { name, code, responseCode } = error as { name?: string; code?: string; responseCode?: number };
      this.logger.warn({ msg: 'portal invitation not sent', error: { kind: name, code, responseCode } });
      return false;
    }
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
