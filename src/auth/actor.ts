import { CLIENT_ROLE, Role } from './permissions';

/**
 * A staff user or an API key making a request, as established by the auth guard from the credential
 * alone. Every staff and API route's service takes this type: a client signed in to the portal is a
 * `ClientActor`, which no such service accepts.
 */
export interface Actor {
  kind: 'user' | 'apiKey';
  /** The staff user's or API key's id. */
  id: string;
  organizationId: string;
  role: Role;
  /** The login session (staff only). */
  sessionId?: string;
}

/** A client signed in to the portal: reaches their own records through the portal's routes only. */
export interface ClientActor {
  kind: 'client';
  /** The client's id. */
  id: string;
  organizationId: string;
  role: typeof CLIENT_ROLE;
  /** The portal session. */
  sessionId: string;
}

/** Whoever a request's credential names. */
export type RequestActor = Actor | ClientActor;

/** Whether the actor sees every record of its organization, or only a caseload or its groups. */
export function seesWholeOrganization(actor: Actor): boolean {
  return actor.role === 'owner' || actor.role === 'admin' || actor.kind === 'apiKey';
}

declare module 'fastify' {
  interface FastifyRequest {
    actor?: RequestActor;
  }
}
