import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../auth/actor';
import { DomainError } from '../errors/domain-error';

/**
 * Record-level access, answered in one query for a set of ids. Each resource names how to find
 * which of the given ids the actor may reach: always within the actor's organization, and for
 * practitioners and facilitators within their caseload or groups. Anything else is "not found".
 */
export interface AccessRule {
  /** Singular name used in "... not found." */
  label: string;
  /** SQL returning the reachable ids among $2 (uuid[]) in organization $1; $3, if used, is the actor id. */
  query(actor: Actor): string;
}

const RULES = new Map<string, AccessRule>();

/** Modules register the rule of each resource they own, next to its entity. */
export function defineAccessRule(resource: string, rule: AccessRule): void {
  RULES.set(resource, rule);
}

/** Whole-organization resources: staff, API keys, programs... */
export function organizationWide(table: string, label: string): AccessRule {
  return { label, query: () => `SELECT id FROM ${table} WHERE organization_id = $1 AND id = ANY($2::uuid[])` };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class AccessService {
  constructor(private readonly dataSource: DataSource) {}

  /** The subset of `ids` the actor may reach. */
  async reachable(actor: Actor, resource: string, ids: string[], manager?: EntityManager): Promise<Set<string>> {
    const rule = RULES.get(resource);
    if (!rule) throw new Error(`No access rule for ${resource}`);
    const wanted = [...new Set(ids.filter((id) => UUID.test(id)).map((id) => id.toLowerCase()))];
    if (wanted.length === 0) return new Set();
    const sql = rule.query(actor);
    const params = sql.includes('$3') ? [actor.organizationId, wanted, actor.id] : [actor.organizationId, wanted];
    const rows: { id: string }[] = await (manager ?? this.dataSource).query(sql, params);
    return new Set(rows.map((row) => row.id));
  }

  /** Throws 404 unless every id is reachable: another organization's record looks exactly like a missing one. */
  async require(actor: Actor, resource: string, ids: string[], manager?: EntityManager): Promise<void> {
    const found = await this.reachable(actor, resource, ids, manager);
    const label = RULES.get(resource)!.label;
    for (const id of ids) if (!found.has(id.toLowerCase())) throw DomainError.notFound(label);
  }
}
