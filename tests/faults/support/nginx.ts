import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@/tests/support/free-port';
import { waitFor } from '@/tests/faults/support/util';

export const NGINX_CONF = path.resolve(import.meta.dirname, '../../../deploy/nginx.conf');
const NGINX_BIN = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx'].find((p) => existsSync(p)) ?? 'nginx';

export type Upstream = { port: number; backup?: boolean };

/**
 * deploy/nginx.conf with the test's ports: the `server …;` lines of
 * `upstream dcdock` become one per instance (each keeping the committed
 * parameters, max_fails and fail_timeout), and `listen 80` becomes a
 * loopback port (with the committed parameters). Everything else is the committed file, unchanged.
 */
export function renderSiteConfig(source: string, listenPort: number, upstreams: Upstream[]): string {
  const block = /(upstream dcdock \{)([\s\S]*?)(\n\})/.exec(source);
  if (!block) throw new Error('deploy/nginx.conf has no `upstream dcdock { … }` block');
  const serverLine = /^(\s*)server\s+\S+(.*);\s*$/m;
  const first = serverLine.exec(block[2]!);
  if (!first) throw new Error('`upstream dcdock` has no server line');
  const [, indent, params] = first;
  const servers = upstreams.map((u) => `${indent}server 127.0.0.1:${u.port}${params}${u.backup ? ' backup' : ''};`).join('\n');
  // Ours where the first committed server line was; the other committed ones go.
  let placed = false;
  const body = block[2]!
    .split('\n')
    .flatMap((l) => {
      if (!serverLine.test(l)) return [l];
      if (placed) return [];
      placed = true;
      return [servers];
    })
    .join('\n');
  const withUpstream = source.slice(0, block.index) + block[1] + body + block[3] + source.slice(block.index + block[0].length);
  const listen = /^(\s*)listen 80( [^;]*)?;$/m;
  if (!listen.test(withUpstream)) throw new Error('deploy/nginx.conf has no `listen 80 …;` line');
  return withUpstream.replace(listen, `$1listen 127.0.0.1:${listenPort}$2;`);
}

export type Nginx = {
  url: string;
  port: number;
  /** Rewrites the upstream and reloads (SIGHUP), as an operator would. */
  reload: (upstreams: Upstream[]) => Promise<void>;
  /** The error log so far (for failure messages). */
  errorLog: () => string;
  stop: () => Promise<void>;
};

/**
 * nginx in the foreground under a temporary prefix: the committed site file
 * included in a minimal main configuration (temp paths, pid and error log in
 * the prefix, a loopback port), so no root ports, no /etc and no /var.
 */
export async function startNginx(upstreams: Upstream[], options: { workerConnections?: number } = {}): Promise<Nginx> {
  const dir = mkdtempSync(path.join(tmpdir(), 'dcdock-nginx-'));
  // Workers drop root to an unprivileged user, which must reach the temp paths.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const source = readFileSync(NGINX_CONF, 'utf8');
  const site = path.join(dir, 'dcdock.conf');
  const write = (u: Upstream[]) => writeFileSync(site, renderSiteConfig(source, port, u));
  write(upstreams);
  const connections = options.workerConnections ?? 4096;
  const asRoot = process.getuid?.() === 0;
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    [
      asRoot ? 'user nobody nogroup;' : '',
      'worker_processes 1;',
      `worker_rlimit_nofile ${connections * 2 + 100};`,
      `events { worker_connections ${connections}; }`,
      'http {',
      '  access_log off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${path.join(dir, t)};`),
      `  include ${site};`,
      '}',
      '',
    ].join('\n'),
  );
  const errorLog = path.join(dir, 'error.log');
  const globals = `daemon off; master_process on; pid ${path.join(dir, 'nginx.pid')}; error_log ${errorLog} warn;`;
  const proc: ChildProcess = spawn(NGINX_BIN, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', globals], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  const readLog = () => (existsSync(errorLog) ? readFileSync(errorLog, 'utf8') : '') + stderr;

  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (gone) throw new Error(`nginx exited: ${readLog()}`);
      return fetch(`${url}/api/health`, { signal: AbortSignal.timeout(1000) }).then(
        (r) => r.ok,
        () => false,
      );
    },
    { timeoutMs: 15_000, what: 'nginx answering /api/health' },
  );
  return {
    url,
    port,
    errorLog: readLog,
    reload: async (u) => {
      write(u);
      proc.kill('SIGHUP');
      await new Promise((r) => setTimeout(r, 300));
    },
    stop: async () => {
      if (!gone) {
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
