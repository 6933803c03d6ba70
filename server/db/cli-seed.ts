import { loadConfig } from '@/server/config';
import { createDb } from '@/server/db/client';
import { startEmbeddedPostgres } from '@/server/db/embedded';
import { migrateDatabase } from '@/server/db/migrate';
import { isEmpty, seedDemoData } from '@/server/db/seed';
import { createLogger } from '@/server/logger';

// `npm run db:seed`: demo data into an empty database; refuses one that holds data.
const config = loadConfig();
const logger = createLogger(config.logLevel);
const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir, logger);
const url = config.databaseUrl ?? embedded!.url;
let code = 0;
try {
  await migrateDatabase(url);
  const db = createDb(url, 2);
  if (await isEmpty(db)) {
    await seedDemoData(db, new Date(), { timeZone: config.timeZone, history: { timeZone: config.timeZone } });
    console.log('Demo data seeded.');
  } else {
    console.error('The database already holds users; the demo seed only fills an empty database.');
    code = 1;
  }
  await db.$client.end();
} finally {
  await embedded?.stop();
}
process.exit(code);
