import { Role } from './permissions';

/** Who is making a request, as established by the auth guard from the credential alone. */
export interface Actor {
  kind: 'user' | 'apiKey';
  /** The staff user's or API key's id. */
  id: string;
  organizationId: string;
  role: Role;
  /** The login session (staff only). */
  sessionId?: string;
}

/** Whether the actor sees every record of its organization, or only a caseload or its groups. */
export function seesWholeOrganization(actor: Actor): boolean {
  return actor.role === 'owner' || actor.role === 'admin' || actor.kind === 'apiKey';
}

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}
