import type { Config } from '@/server/config';
import { createDb, type Db } from '@/server/db/client';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '@/server/db/embedded';
import { migrateDatabase } from '@/server/db/migrate';
import { ensureInitialAdmin, ensureStatuses, isEmpty, seedDemoData } from '@/server/db/seed';
import type { Logger } from '@/server/logger';

export type Database = { db: Db; url: string; embedded: EmbeddedDatabase | undefined; seeded: boolean };

/** Database up, migrated, and seeded as configured: embedded + empty seeds the demo; DATABASE_URL never does unless asked. */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir, logger);
  const url = config.databaseUrl ?? embedded!.url;
  try {
    await migrateDatabase(url);
    const db = createDb(url, config.poolSize);
    await ensureStatuses(db);
    let seeded = false;
    const wantsDemo = config.seedDemo === 'always' || (config.seedDemo === 'auto' && !!embedded && !config.initialAdmin);
    if (wantsDemo && (await isEmpty(db))) {
      await seedDemoData(db, new Date(), { timeZone: config.timeZone, history: { timeZone: config.timeZone } });
      seeded = true;
      logger.info('demo data seeded');
    } else if (config.initialAdmin && (await ensureInitialAdmin(db, config.initialAdmin))) {
      logger.info({ email: config.initialAdmin.email }, 'initial admin created');
    }
    return { db, url, embedded, seeded };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
