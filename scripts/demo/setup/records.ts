import { DemoContext, idempotencyKey, inParallel } from '../context';
import { OWNER, StaffKey } from '../data/people';

/** Puts staff on a client's or couple's care team (the owner does it; a PUT is safe to repeat). */
async function putOnCareTeam(ctx: DemoContext, path: string, staff: StaffKey[]): Promise<void> {
  for (const member of staff) await ctx.api.send(ctx.as(OWNER), 'PUT', `${path}/care-team/${ctx.as(member).userId}`);
}

/** Each client is created by their therapist, which puts a practitioner on the client's care team. */
export async function createClients(ctx: DemoContext, concurrency: number): Promise<void> {
  await inParallel(ctx.practice.clients, concurrency, async (client) => {
    ctx.stopIfAsked();
    const created = await ctx.api.send<{ id: string }>(ctx.as(client.by), 'POST', '/v1/clients', {
      body: client.body,
      idempotencyKey: idempotencyKey('client', client.key),
    });
    ctx.remember(client.key, created.body.id);
    await putOnCareTeam(ctx, `/v1/clients/${created.body.id}`, client.careTeam);
    ctx.progress.tick('clients');
  });
}

export async function createCouples(ctx: DemoContext, concurrency: number): Promise<void> {
  await inParallel(ctx.practice.couples, concurrency, async (couple) => {
    ctx.stopIfAsked();
    const created = await ctx.api.send<{ id: string }>(ctx.as(couple.by), 'POST', '/v1/couples', {
      body: { ...couple.body, partnerIds: couple.partners.map((partner) => ctx.id(partner)) },
      idempotencyKey: idempotencyKey('couple', couple.key),
    });
    ctx.remember(couple.key, created.body.id);
    await putOnCareTeam(ctx, `/v1/couples/${created.body.id}`, couple.careTeam);
    ctx.progress.tick('couples');
  });
}

/** The owner sets up the group for its facilitator and adds its members (a PUT is safe to repeat). */
export async function createGroups(ctx: DemoContext): Promise<void> {
  const owner = ctx.as(OWNER);
  for (const group of ctx.practice.groups) {
    const created = await ctx.api.send<{ id: string }>(owner, 'POST', '/v1/groups', {
      body: { ...group.body, facilitatorUserId: ctx.as(group.facilitator).userId },
      idempotencyKey: idempotencyKey('group', group.key),
    });
    ctx.remember(group.key, created.body.id);
    ctx.progress.tick('support group');
    for (const member of group.members) {
      await ctx.api.send(owner, 'PUT', `/v1/groups/${created.body.id}/members/${ctx.id(member)}`);
      ctx.progress.tick('support group');
    }
  }
}
