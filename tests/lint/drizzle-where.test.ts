import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The drizzle rules of biome.jsonc (lint/*.grit): an update or delete without
// .where() is reported, the same statement with .where() is not, and neither is
// the real code under server/.

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIOME = path.join(ROOT, 'node_modules/.bin/biome');

type Finding = { file: string; line: number; message: string };

/** Plugin diagnostics of `biome lint` run in `cwd` on `targets`. */
function pluginFindings(cwd: string, targets: string[]): Finding[] {
  const run = spawnSync(BIOME, ['lint', '--reporter=json', '--max-diagnostics=none', ...targets], { cwd, encoding: 'utf8' });
  if (!run.stdout.trim()) throw new Error(`biome printed no report (exit ${run.status}): ${run.stderr}`);
  const report = JSON.parse(run.stdout) as {
    diagnostics: { category: string; message: string; location: { path: string; start: { line: number } } }[];
  };
  return report.diagnostics
    .filter((d) => d.category === 'plugin')
    .map((d) => ({ file: path.basename(d.location.path), line: d.location.start.line, message: d.message }));
}

// Shaped like server/ramps/ramps.ts, server/users/users.ts and server/realtime/presence.ts.
const SAMPLES: Record<string, string> = {
  'update-without-where.ts': `
import { sql } from 'drizzle-orm';
import type { Db, Tx } from './client';
import { ramps, users } from './schema';

export async function deactivateAll(tx: Tx) {
  await tx.update(ramps).set({ isActive: false, updatedAt: sql\`now()\` });
}

export async function revokeAll(db: Db) {
  const rows = await db
    .update(users)
    .set({ tokenVersion: sql\`\${users.tokenVersion} + 1\` })
    .returning();
  return rows;
}
`,
  'delete-without-where.ts': `
import type { Db, Tx } from './client';
import { ramps, realtimeInstances } from './schema';

export async function deleteAll(tx: Tx) {
  const rows = await tx.delete(ramps).returning();
  return rows;
}

export class Presence {
  constructor(private readonly db: Db) {}
  async stop() {
    await this.db.delete(realtimeInstances);
  }
}
`,
  'with-where.ts': `
import { eq, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from './client';
import { loads, ramps, realtimeInstances, users } from './schema';

export async function updateRamp(tx: Tx, id: number) {
  const [row] = await tx
    .update(ramps)
    .set({ code: 'R1', updatedAt: sql\`now()\` })
    .where(eq(ramps.id, id))
    .returning();
  return row;
}

export async function revokeSessions(db: Db, id: number) {
  await db.update(users).set({ tokenVersion: sql\`\${users.tokenVersion} + 1\` }).where(eq(users.id, id));
}

export async function moveLoads(tx: Tx) {
  await tx.update(loads).set({ rampId: ramps.id }).from(ramps).where(eq(loads.rampCode, ramps.code));
}

export async function deleteRamp(tx: Tx, id: number) {
  const [row] = await tx.delete(ramps).where(eq(ramps.id, id)).returning();
  return row;
}

export class Presence {
  constructor(private readonly db: Db) {}
  async prune() {
    await this.db.delete(realtimeInstances).where(lt(realtimeInstances.heartbeatAt, sql\`now() - interval '1 minute'\`));
  }
}

export function forget(sockets: Set<number>, waiting: Map<number, string>, id: number) {
  sockets.delete(id);
  waiting.delete(id);
}
`,
};

describe('drizzle update/delete without where (lint/*.grit)', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'dcdock-lint-'));
    // The project's own configuration; the samples are outside any git work tree.
    writeFileSync(path.join(dir, 'biome.json'), JSON.stringify({ extends: [path.join(ROOT, 'biome.jsonc')], vcs: { enabled: false } }));
    for (const [name, source] of Object.entries(SAMPLES)) writeFileSync(path.join(dir, name), source.trimStart());
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reports an update(...).set(...) without .where(...)', () => {
    const found = pluginFindings(dir, ['update-without-where.ts']);
    expect(found.map((f) => f.line)).toEqual([6, 10]);
    for (const f of found) expect(f.message).toContain('update(...).set(...) without .where(...)');
  });

  it('reports a delete(...) without .where(...), on tx and on this.db', () => {
    const found = pluginFindings(dir, ['delete-without-where.ts']);
    expect(found.map((f) => f.line)).toEqual([5, 12]);
    for (const f of found) expect(f.message).toContain('delete(...) without .where(...)');
  });

  it('does not report the same statements with .where(...), nor Map and Set deletes', () => {
    expect(pluginFindings(dir, ['with-where.ts'])).toEqual([]);
  });

  it('does not report the real writes under server/', () => {
    expect(pluginFindings(ROOT, ['server'])).toEqual([]);
  });
});
