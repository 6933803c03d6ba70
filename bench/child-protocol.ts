/**
 * What the benchmark's parent and its server children say to each other over
 * the IPC channel: requests {id, cmd, args} answered by {id, ok, result|error}.
 * Every child answers gc, measure-start, measure-stop, head, events and stop.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export type Direction = 'IB' | 'OB';

/** One committed assignment event, as the server saw it. */
export type EventRecord = { seq: number; type: string; id: number; version: number; direction: Direction | null };

export type LoopStats = { p50: number; p99: number; max: number; mean: number };
export type Measurement = { eventLoopDelayMs: LoopStats; cpuMs: number; wallMs: number };

export type Ready = { ready: true; port: number };
export type Request = { id: number; cmd: string; args?: unknown };
export type Response = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

const RESOLUTION_MS = 10;

/** A histogram of event-loop delay; values are the delay beyond the timer's own interval, in ms. */
export class LoopMonitor {
  private h: IntervalHistogram | undefined;
  private cpu = process.cpuUsage();
  private started = 0;

  start(): void {
    this.h?.disable();
    this.h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    this.h.enable();
    this.cpu = process.cpuUsage();
    this.started = performance.now();
  }

  stop(): Measurement {
    const h = this.h;
    h?.disable();
    this.h = undefined;
    const ms = (ns: number) => (Number.isFinite(ns) ? Math.max(0, ns / 1e6 - RESOLUTION_MS) : 0);
    const cpu = process.cpuUsage(this.cpu);
    return {
      eventLoopDelayMs: h ? { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), mean: ms(h.mean) } : { p50: 0, p99: 0, max: 0, mean: 0 },
      cpuMs: (cpu.user + cpu.system) / 1000,
      wallMs: performance.now() - this.started,
    };
  }
}

export type Handlers = Record<string, (args: any) => unknown>;

/** Child side: answers the parent's requests; `stop` runs `shutdown` and exits. */
export function serveParent(handlers: Handlers, shutdown: () => Promise<void>): void {
  if (!process.send) throw new Error('run me through the benchmark (needs an IPC channel)');
  const monitor = new LoopMonitor();
  const builtIn: Handlers = {
    gc: () => {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      gc?.();
      return { gc: !!gc, rss: process.memoryUsage().rss };
    },
    'measure-start': () => monitor.start(),
    'measure-stop': () => monitor.stop(),
    stop: async () => {
      await shutdown();
      setTimeout(() => process.exit(0), 50);
      return true;
    },
  };
  process.on('message', (raw: Request) => {
    const handler = handlers[raw.cmd] ?? builtIn[raw.cmd];
    if (!handler) return process.send!({ id: raw.id, ok: false, error: `unknown command ${raw.cmd}` } satisfies Response);
    Promise.resolve()
      .then(() => handler(raw.args))
      .then(
        (result) => process.send!({ id: raw.id, ok: true, result: result ?? null } satisfies Response),
        (error: unknown) => process.send!({ id: raw.id, ok: false, error: error instanceof Error ? error.message : String(error) } satisfies Response),
      );
  });
  // The parent went away: do not linger.
  process.on('disconnect', () => {
    void shutdown().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  });
}

export function announceReady(port: number, extra: Record<string, string> = {}): void {
  const fields = Object.entries({ port: String(port), ...extra }).map(([k, v]) => `${k}=${v}`);
  console.log(`BENCH_SERVER_READY ${fields.join(' ')}`);
  process.send!({ ready: true, port } satisfies Ready);
}
