import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { createDb } from '@/server/db/client';
import { startEmbeddedPostgres } from '@/server/db/embedded';
import { migrateDatabase } from '@/server/db/migrate';
import { seedDemoData } from '@/server/db/seed';
import { createLogger } from '@/server/logger';

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgres://…/ without a database name */
    pgBase: string;
    /** A migrated database with the demo data, to copy per test file. */
    templateDb: string;
  }
}

export const TEMPLATE_DB = 'dcdock_template';
/** The instant the template's demo day is built around. */
export const SEED_NOW = new Date('2030-06-12T10:07:00Z');

/**
 * One real PostgreSQL for the whole run (the embedded one, or TEST_DATABASE_URL's
 * server), with a template database that every test file copies.
 */
export default async function setup(project: TestProject) {
  // The API tests need no Next build; the tests that start the whole app build
  // first (ensureBuild takes a lock, so two of them never build at once).
  const logger = createLogger('silent');
  let base: string;
  let stop = async () => {};
  let dir: string | undefined;
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    base = external.replace(/\/[^/]*$/, '');
  } else {
    dir = mkdtempSync(path.join(tmpdir(), 'dcdock-test-'));
    const embedded = await startEmbeddedPostgres(dir, logger, 'postgres');
    base = embedded.url.replace(/\/[^/]*$/, '');
    stop = embedded.stop;
  }
  const admin = postgres(`${base}/postgres`, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
  await admin.unsafe(`CREATE DATABASE ${TEMPLATE_DB}`);
  await migrateDatabase(`${base}/${TEMPLATE_DB}`);
  const db = createDb(`${base}/${TEMPLATE_DB}`, 2);
  await seedDemoData(db, SEED_NOW);
  await db.$client.end();
  await admin.end();

  project.provide('pgBase', base);
  project.provide('templateDb', TEMPLATE_DB);
  return async () => {
    await stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
