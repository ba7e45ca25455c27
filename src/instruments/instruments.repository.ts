import { Injectable } from '@nestjs/common';
import { In, IsNull } from 'typeorm';
import { Page, paginate, PageQueryDto } from '../common/pagination';
import { Transactions } from '../database/transactions';
import { Instrument } from './instrument.entity';

/** An arbitrary constant naming "next version of an instrument key" among PostgreSQL advisory locks. */
const INSTRUMENT_VERSION_LOCK = 74_217_016;

/** What a new instrument version is made of; the repository numbers it. */
export type NewInstrumentVersion = Omit<Instrument, 'id' | 'instrumentVersion' | 'createdAt' | 'updatedAt' | 'version' | 'organization' | 'organizationId'> & {
  organizationId: string;
};

/** The `instruments` table's SQL. An instrument is usable by an organization when it is its own or built-in. */
@Injectable()
export class InstrumentsRepository {
  constructor(private readonly db: Transactions) {}

  /** A page of the built-in instruments and the organization's own, every version, optionally one key's. */
  page(organizationId: string, filter: { key?: string }, query: PageQueryDto): Promise<Page<Instrument>> {
    const qb = this.db.manager
      .createQueryBuilder(Instrument, 'instrument')
      .where('(instrument.organizationId = :organizationId OR instrument.organizationId IS NULL)', { organizationId });
    if (filter.key) qb.andWhere('instrument.key = :key', { key: filter.key });
    return paginate(qb, query);
  }

  /** The instrument version, if the organization may use it. */
  findUsable(organizationId: string, id: string): Promise<Instrument | null> {
    return this.db.manager.findOneBy(Instrument, [
      { id, organizationId },
      { id, organizationId: IsNull() },
    ]);
  }

  /** The latest version of the instrument with this key that the organization may use (built in, or its own). */
  findLatestUsable(organizationId: string, key: string): Promise<Instrument | null> {
    return this.db.manager
      .createQueryBuilder(Instrument, 'instrument')
      .where('(instrument.organizationId = :organizationId OR instrument.organizationId IS NULL)', { organizationId })
      .andWhere('instrument.key = :key', { key })
      .orderBy('instrument.instrumentVersion', 'DESC')
      .getOne();
  }

  /** The latest version of every instrument the organization may use that has a cadence (built in, or its own). */
  latestWithCadence(organizationId: string): Promise<Instrument[]> {
    return this.db.manager
      .createQueryBuilder(Instrument, 'instrument')
      .distinctOn(['instrument.key'])
      .where('(instrument.organizationId = :organizationId OR instrument.organizationId IS NULL)', { organizationId })
      .orderBy('instrument.key')
      .addOrderBy('instrument.instrumentVersion', 'DESC')
      .getMany()
      .then((latest) => latest.filter((instrument) => instrument.cadenceDays !== null));
  }

  /** The instrument versions among `ids` that the organization may use. */
  findAllUsable(organizationId: string, ids: string[]): Promise<Instrument[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.manager.findBy(Instrument, [
      { id: In(ids), organizationId },
      { id: In(ids), organizationId: IsNull() },
    ]);
  }

  /** Makes requests for the same key take turns until the transaction ends; the unique index is the backstop. */
  async lockKey(organizationId: string, key: string): Promise<void> {
    await this.db.manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [INSTRUMENT_VERSION_LOCK, `${organizationId}/${key}`]);
  }

  async isBuiltInKey(key: string): Promise<boolean> {
    const [builtIn] = await this.db.manager.query('SELECT 1 FROM instruments WHERE organization_id IS NULL AND key = $1 LIMIT 1', [key]);
    return builtIn !== undefined;
  }

  /** Inserts the key's next version (1 for a new key); call `lockKey` first in the same transaction. */
  async insertNextVersion(instrument: NewInstrumentVersion): Promise<Instrument> {
    const manager = this.db.manager;
    const [{ next }]: { next: string | number }[] = await manager.query(
      'SELECT COALESCE(MAX(instrument_version), 0) + 1 AS next FROM instruments WHERE organization_id = $1 AND key = $2',
      [instrument.organizationId, instrument.key],
    );
    return manager.save(manager.create(Instrument, { ...instrument, instrumentVersion: Number(next) }));
  }
}
