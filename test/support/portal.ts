import { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { TestApp } from './test-app';

export const PASSPHRASE = 'a long walk by the harbour at dusk';

/** A real SMTP server on a free local port that keeps every message it receives, parsed. */
export class Inbox {
  readonly messages: ParsedMail[] = [];
  private waiting: (() => void)[] = [];
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, _session, callback) => {
      simpleParser(stream)
        .then((mail) => {
          this.messages.push(mail);
          for (const wake of this.waiting.splice(0)) wake();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  /** The first message to `address`, waiting up to 10 s for it. */
  async to(address: string): Promise<ParsedMail> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = this.messages.find((mail) => JSON.stringify(mail.to ?? '').toLowerCase().includes(address.toLowerCase()));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no message to ${address}`);
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export interface PortalClientSession {
  clientId: string;
  email: string;
  accessToken: string;
  refreshToken: string;
}

/** Invites a client through the staff route and accepts the invitation as the client would. */
export async function invitePortalClient(
  t: TestApp,
  staff: Record<string, string>,
  clientId: string,
  email = `client-${randomUUID().slice(0, 8)}@example.org`,
  passphrase = PASSPHRASE,
): Promise<PortalClientSession> {
  const invited = await t.http.post(`/v1/clients/${clientId}/portal-invitations`).set(staff).send({ email });
  if (invited.status !== 201) throw new Error(`invite: ${invited.status} ${invited.text}`);
  const accepted = await t.http.post('/v1/portal/auth/accept').send({ token: invited.body.token, passphrase });
  if (accepted.status !== 201) throw new Error(`accept: ${accepted.status} ${accepted.text}`);
  return { clientId, email, accessToken: accepted.body.accessToken, refreshToken: accepted.body.refreshToken };
}
