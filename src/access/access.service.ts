import { Injectable } from '@nestjs/common';
import { RequestActor } from '../auth/actor';
import { DomainError } from '../errors/domain-error';
import { ACCESS_RULES, Resource } from './access.rules';
import { AccessRepository } from './access.repository';

export { Resource } from './access.rules';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Record-level access, answered in one query for a set of ids (in the open transaction, if any).
 * Another organization's record, or one outside a caseload, looks exactly like a missing one.
 */
@Injectable()
export class AccessService {
  constructor(private readonly repository: AccessRepository) {}

  /** The subset of `ids` the actor may reach. */
  async reachable(actor: RequestActor, resource: Resource, ids: string[]): Promise<Set<string>> {
    const wanted = [...new Set(ids.filter((id) => UUID.test(id)).map((id) => id.toLowerCase()))];
    if (wanted.length === 0) return new Set();
    // A client reaches only what is theirs, by the rule's own client query; a rule without one, nothing.
    const sql = actor.kind === 'client' ? ACCESS_RULES[resource].clientQuery : ACCESS_RULES[resource].query(actor);
    if (!sql) return new Set();
    const params = sql.includes('$3') ? [actor.organizationId, wanted, actor.id] : [actor.organizationId, wanted];
    return new Set(await this.repository.reachableIds(sql, params));
  }

  /**
   * The condition narrowing a row `alias` of the resource's table to the actor's reach, for a
   * by-id read that checks access in its own statement (its `userId` placeholder carries the actor's
   * id); undefined when the actor sees the whole organization. A client's reach is what is theirs,
   * as `reachable` answers it. A row the statement does not find is then `notFound(resource)`, as
   * `require` answers.
   */
  reachSql(actor: RequestActor, resource: Resource, alias: string, organizationId: string, userId: string): string | undefined {
    const rule = ACCESS_RULES[resource];
    if (!rule.reach) throw new Error(`${rule.label} has no reach condition`);
    return rule.reach(actor, alias, organizationId, userId);
  }

  /** The 404 of a record out of reach, as `require` throws it. */
  notFound(resource: Resource): DomainError {
    return DomainError.notFound(ACCESS_RULES[resource].label);
  }

  /** Throws 404 unless every id is reachable. */
  async require(actor: RequestActor, resource: Resource, ids: string[]): Promise<void> {
    const found = await this.reachable(actor, resource, ids);
    for (const id of ids) if (!found.has(id.toLowerCase())) throw DomainError.notFound(ACCESS_RULES[resource].label);
  }
}
