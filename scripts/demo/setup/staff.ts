import { Credential } from '../api';
import { DemoContext, idempotencyKey, inParallel } from '../context';
import { DEMO_PASSWORD, emailOf, OWNER } from '../data/people';

/** The owner adds the rest of the staff; then each of them logs in, as they would. */
export async function addStaff(ctx: DemoContext, owner: Credential): Promise<void> {
  ctx.signedIn(OWNER, owner);
  ctx.progress.tick('staff');
  const others = ctx.practice.staff.filter((member) => member.key !== OWNER);
  await inParallel(others, 3, async (member) => {
    await ctx.api.send(owner, 'POST', '/v1/staff', {
      body: { email: emailOf(member.key), displayName: member.displayName, role: member.role, password: DEMO_PASSWORD },
      idempotencyKey: idempotencyKey('staff', member.key),
    });
    ctx.signedIn(member.key, await ctx.api.login(emailOf(member.key), DEMO_PASSWORD, owner.organizationId));
    ctx.progress.tick('staff');
  });
}
