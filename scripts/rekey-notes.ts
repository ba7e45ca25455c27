import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { config as loadDotenv } from 'dotenv';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config/app-config';
import { EMBEDDED_CONNECTIONS, EmbeddedPostgres } from '../src/database/embedded-postgres';
import { NoteCipherService } from '../src/notes/note-cipher.service';
import { NoteRekeying } from '../src/notes/note-rekeying.service';

/**
 * `npm run notes:rekey`: re-encrypts every session note, addendum, webhook signing secret and SSO client secret under NOTES_ENCRYPTION_KEY_ID,
 * with the keys of NOTES_ENCRYPTION_KEYS (the same settings as the API: environment and `.env`).
 * Works on DATABASE_URL while the API runs, or on the embedded database in DATA_DIR with the API
 * stopped (one data directory, one process). See docs/operations.md. It runs the API's own
 * services, without HTTP and without migrating.
 */
async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const config = loadConfig();
  const embedded = config.DATABASE_URL ? undefined : await EmbeddedPostgres.start({ dataDir: config.DATA_DIR });
  try {
    const app = await NestFactory.createApplicationContext(
      AppModule.forRoot(config, embedded?.url ?? config.DATABASE_URL!, embedded ? EMBEDDED_CONNECTIONS : 2),
      { logger: ['error', 'warn'] },
    );
    try {
      const cipher = app.get(NoteCipherService).cipher;
      const rekeying = app.get(NoteRekeying);
      const { rekeyed } = await rekeying.rekey(cipher);
      const usage = await rekeying.keyUsage();
      process.stdout.write(
        `current key: ${cipher.currentKeyId}\n` +
          `re-encrypted: ${Object.entries(rekeyed).map(([table, n]) => `${table} ${n}`).join(', ')}\n` +
          `values per key id: ${JSON.stringify(usage)}\n`,
      );
    } finally {
      await app.close();
    }
  } finally {
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
