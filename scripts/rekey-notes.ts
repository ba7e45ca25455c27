import 'reflect-metadata';
import { config as loadDotenv } from 'dotenv';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source-options';
import { EMBEDDED_CONNECTIONS, EmbeddedPostgres } from '../src/database/embedded-postgres';
import { loadNoteCipher } from '../src/notes/note-cipher.service';
import { noteKeyUsage, rekeyNotes } from '../src/notes/rekey';
import { InstanceSettingsRepository } from '../src/secrets/instance-settings.repository';
import { InstanceSecrets } from '../src/secrets/secrets.service';

/**
 * `npm run notes:rekey`: re-encrypts every session note and addendum under NOTES_ENCRYPTION_KEY_ID,
 * with the keys of NOTES_ENCRYPTION_KEYS (the same settings as the API: environment and `.env`).
 * Works on DATABASE_URL while the API runs, or on the embedded database in DATA_DIR with the API
 * stopped (one data directory, one process). See docs/operations.md.
 */
async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const config = loadConfig();
  const embedded = config.DATABASE_URL ? undefined : await EmbeddedPostgres.start({ dataDir: config.DATA_DIR });
  const dataSource = new DataSource(
    dataSourceOptions(embedded?.url ?? config.DATABASE_URL!, embedded ? EMBEDDED_CONNECTIONS : 2, config.DATABASE_SSL),
  );
  await dataSource.initialize();
  try {
    const cipher = await loadNoteCipher(config, new InstanceSecrets(new InstanceSettingsRepository(dataSource)), (message) => process.stderr.write(`warning: ${message}\n`));
    const { rekeyed } = await rekeyNotes(dataSource, cipher);
    const usage = await noteKeyUsage(dataSource);
    process.stdout.write(
      `current key: ${cipher.currentKeyId}\n` +
        `re-encrypted: ${Object.entries(rekeyed).map(([table, n]) => `${table} ${n}`).join(', ')}\n` +
        `values per key id: ${JSON.stringify(usage)}\n`,
    );
  } finally {
    await dataSource.destroy();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
