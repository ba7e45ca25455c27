import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Actor, ClientActor } from './actor';

/** The authenticated staff user or API key; the guard has already refused requests without one, and clients on such routes. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<FastifyRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  if (actor.kind === 'client') throw new Error('CurrentActor used on a portal route');
  return actor;
});

/** The client signed in to the portal; only portal routes (PortalClient()) have one. */
export const CurrentClient = createParamDecorator((_data: unknown, ctx: ExecutionContext): ClientActor => {
  const actor = ctx.switchToHttp().getRequest<FastifyRequest>().actor;
  if (actor?.kind !== 'client') throw new Error('CurrentClient used on a route that is not the portal\'s');
  return actor;
});
