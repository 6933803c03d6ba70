/**
 * Small helpers shared by the benchmarks (bench/writes.ts, bench/board.ts,
 * bench/fanout.ts and their modules): options, a time budget, percentiles,
 * tables, a keep-alive HTTP client, process CPU counters.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const RESULTS_DIR = path.join(ROOT, 'bench', 'results');

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
export const log = (text: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}`);
export const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

// ---------------------------------------------------------------- options

export type OptionSpec = Record<string, number | string>;

/**
 * `--name value` or `--name=value`; numbers stay numbers (positive unless the
 * default is 0), strings stay strings. Unknown options are an error.
 */
export function parseOptions<T extends OptionSpec>(defaults: T, argv = process.argv.slice(2)): T {
  const out: OptionSpec = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
    if (!(name in defaults))
      throw new Error(
        `unknown option --${name} (known: ${Object.keys(defaults)
          .map((k) => `--${k}`)
          .join(' ')})`,
      );
    if (value === undefined) throw new Error(`--${name} needs a value`);
    if (typeof defaults[name] === 'number') {
      const n = Number(value);
      const allowZero = defaults[name] === 0;
      if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) throw new Error(`--${name} needs a positive number, got ${value}`);
      out[name] = n;
    } else out[name] = value;
  }
  return out as T;
}

// ---------------------------------------------------------------- time budget

/**
 * Runs `cleanup` and exits when the benchmark exceeds its time budget (exit
 * code 2) or is interrupted (SIGINT/SIGTERM, exit code 130), so that no
 * embedded PostgreSQL, server child or browser outlives it.
 */
export function guardRun(budgetMs: number, cleanup: () => Promise<void>): void {
  const watchdog = setTimeout(() => {
    console.error(`benchmark exceeded its time budget (${Math.round(budgetMs / 1000)} s); stopping`);
    void cleanup().finally(() => process.exit(2));
  }, budgetMs);
  watchdog.unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void cleanup().finally(() => process.exit(130)));
}

// ---------------------------------------------------------------- statistics

export type Summary = { count: number; p50: number; p95: number; p99: number; max: number; mean: number };

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarize(values: number[]): Summary {
  const s = [...values].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 100) / 100;
  return {
    count: s.length,
    p50: r(percentile(s, 50)),
    p95: r(percentile(s, 95)),
    p99: r(percentile(s, 99)),
    max: r(s.length ? s[s.length - 1]! : NaN),
    mean: r(s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN),
  };
}

export function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/** A plain-text table with right-aligned columns. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map((r) => line(r.map(String)))].join('\n');
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

/** A small deterministic PRNG, so runs are comparable. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs `work` over `items` with at most `limit` in flight; the first failure rejects. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

// ---------------------------------------------------------------- machine

export function machine() {
  let cpu = 'unknown';
  try {
    cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpu;
  } catch {
    /* not Linux */
  }
  return {
    nproc: availableParallelism(),
    cpu,
    ramGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadavg: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Whole-machine CPU counters (jiffies) from /proc/stat: to see what else was running, and the hypervisor's steal. */
export function machineCpu(): { busy: number; total: number; steal: number } {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = f;
    return { busy: user + nice + system + irq + softirq + steal, total: user + nice + system + idle + iowait + irq + softirq + steal, steal };
  } catch {
    return { busy: 0, total: 0, steal: 0 };
  }
}

/** CPU time (ms, user + system) of one process, from /proc; 0 when it is gone. */
export function processCpuMs(pid: number | undefined, withReapedChildren = false): number {
  if (!pid) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    let ticks = Number(f[11]) + Number(f[12]);
    if (withReapedChildren) ticks += Number(f[13]) + Number(f[14]);
    return ticks * 10; // USER_HZ = 100
  } catch {
    return 0;
  }
}

/** CPU time (ms) of a PostgreSQL cluster: its postmaster, live children and reaped ones. */
export function postgresCpuMs(clusterDir: string): number {
  let master: number;
  try {
    master = Number(readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n', 1)[0]);
  } catch {
    return 0;
  }
  let ms = processCpuMs(master, true);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === master) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(f[1]) === master) ms += (Number(f[11]) + Number(f[12])) * 10;
    } catch {
      /* gone meanwhile */
    }
  }
  return ms;
}

// ---------------------------------------------------------------- HTTP

export type HttpResult = { status: number; text: string; ms: number; error?: string };

/** A keep-alive HTTP/1.1 client on node:http: one agent per benchmark level, `maxSockets` connections. */
export class KeepAliveClient {
  readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string, maxSockets: number) {
    const u = new URL(baseUrl);
    this.host = u.hostname;
    this.port = Number(u.port);
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, keepAliveMsecs: 30_000 });
  }

  send(method: string, p: string, token: string | undefined, body?: unknown, timeoutMs = 30_000): Promise<HttpResult> {
    const started = performance.now();
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    if (payload !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    return new Promise((resolve) => {
      const req = httpRequest({ host: this.host, port: this.port, method, path: p, headers, agent: this.agent, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
        res.on('error', (e) => resolve({ status: 0, text: '', ms: performance.now() - started, error: e.message }));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (e) => resolve({ status: 0, text: '', ms: performance.now() - started, error: e.message }));
      req.end(payload);
    });
  }

  /** JSON in and out; throws unless the status is 2xx. */
  async json<T = any>(method: string, p: string, token: string | undefined, body?: unknown): Promise<T> {
    const r = await this.send(method, p, token, body);
    if (r.status < 200 || r.status >= 300) throw new Error(`${method} ${p} → ${r.status} ${r.error ?? r.text.slice(0, 300)}`);
    return (r.text ? JSON.parse(r.text) : undefined) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}
