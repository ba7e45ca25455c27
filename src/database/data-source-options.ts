import { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './naming-strategy';

/** The one description of how TrustPath talks to PostgreSQL, shared by the app, the CLI and tests. */
export function dataSourceOptions(url: string, poolSize: number, ssl = false): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    namingStrategy: new SnakeNamingStrategy(),
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    ssl: ssl ? { rejectUnauthorized: false } : undefined,
    extra: { max: poolSize, connectionTimeoutMillis: 10000 },
  };
}
