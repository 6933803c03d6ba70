import { loadConfig } from '@/server/config';
import { startEmbeddedPostgres } from '@/server/db/embedded';
import { migrateDatabase } from '@/server/db/migrate';
import { createLogger } from '@/server/logger';

// `npm run db:migrate`: DATABASE_URL, or the embedded database under DCDOCK_DATA_DIR.
const config = loadConfig();
const logger = createLogger(config.logLevel);
const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir, logger);
try {
  await migrateDatabase(config.databaseUrl ?? embedded!.url);
  console.log('Migrations applied.');
} finally {
  await embedded?.stop();
}
