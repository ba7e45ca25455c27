import { Injectable } from '@nestjs/common';
import { In, IsNull } from 'typeorm';
import { Page, paginate, PageQueryDto } from '../common/pagination';
import { Transactions } from '../database/transactions';
import { StepDefinition } from './built-in/program-definition';
import { Program } from './program.entity';

/** An arbitrary constant naming "next version of a program key" among PostgreSQL advisory locks. */
const PROGRAM_VERSION_LOCK = 74_217_002;

/** What a new program version is made of; the repository numbers it. */
export interface NewProgramVersion {
  organizationId: string;
  key: string;
  title: string;
  description: string;
  steps: StepDefinition[];
}

/** The `programs` table's SQL. A program is usable by an organization when it is its own or built-in. */
@Injectable()
export class ProgramsRepository {
  constructor(private readonly db: Transactions) {}

  /** A page of the built-in programs and the organization's own, every version, optionally one key's. */
  page(organizationId: string, filter: { key?: string }, query: PageQueryDto): Promise<Page<Program>> {
    const qb = this.db.manager
      .createQueryBuilder(Program, 'program')
      .where('(program.organizationId = :organizationId OR program.organizationId IS NULL)', { organizationId });
    if (filter.key) qb.andWhere('program.key = :key', { key: filter.key });
    return paginate(qb, query);
  }

  /** The program version, if the organization may use it. */
  findUsable(organizationId: string, id: string): Promise<Program | null> {
    return this.db.manager.findOneBy(Program, [
      { id, organizationId },
      { id, organizationId: IsNull() },
    ]);
  }

  /** The program versions among `ids` that the organization may use. */
  findAllUsable(organizationId: string, ids: string[]): Promise<Program[]> {
    return this.db.manager.findBy(Program, [
      { id: In(ids), organizationId },
      { id: In(ids), organizationId: IsNull() },
    ]);
  }

  /**
   * Makes requests for the same key take turns until the transaction ends, so each reads the
   * version the other wrote. The unique index on (organization_id, key, program_version) is the backstop.
   */
  async lockKey(organizationId: string, key: string): Promise<void> {
    await this.db.manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [PROGRAM_VERSION_LOCK, `${organizationId}/${key}`]);
  }

  async isBuiltInKey(key: string): Promise<boolean> {
    const [builtIn] = await this.db.manager.query('SELECT 1 FROM programs WHERE organization_id IS NULL AND key = $1 LIMIT 1', [key]);
    return builtIn !== undefined;
  }

  /** Inserts the key's next version (1 for a new key); call `lockKey` first in the same transaction. */
  async insertNextVersion(program: NewProgramVersion): Promise<Program> {
    const manager = this.db.manager;
    const [{ next }]: { next: string | number }[] = await manager.query(
      'SELECT COALESCE(MAX(program_version), 0) + 1 AS next FROM programs WHERE organization_id = $1 AND key = $2',
      [program.organizationId, program.key],
    );
    return manager.save(manager.create(Program, { ...program, programVersion: Number(next) }));
  }
}
