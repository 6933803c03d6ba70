/**
 * A server under test for bench/fanout.ts, in its own process: bench/server-child.ts
 * (DCDock) or bench/baseline-server.ts. Its stdout is relayed with the child's
 * name; the parent calls it over IPC (see child-protocol.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Ready, Response } from '@/bench/child-protocol';
import { ROOT } from '@/bench/lib-util';

/** Every child still running, for the cleanup to kill. */
export const children = new Set<ChildProcess>();

export class ChildServer {
  port = 0;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly exited: Promise<number | null>;

  private constructor(
    readonly name: string,
    readonly proc: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
    proc.on('message', (m: Response) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(`${name}: ${m.error}`));
    });
    void this.exited.then((code) => {
      for (const p of this.pending.values()) p.reject(new Error(`${name} exited (${code})`));
      this.pending.clear();
    });
    createInterface({ input: proc.stdout! }).on('line', (line) => console.log(`  [${name}] ${line}`));
  }

  static async spawn(name: string, file: string, env: Record<string, string>): Promise<ChildServer> {
    const proc = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(ROOT, file)], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    children.add(proc);
    proc.once('exit', () => children.delete(proc));
    const child = new ChildServer(name, proc);
    child.port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s`)), 60_000);
      proc.on('message', (m: Ready) => {
        if (!m?.ready) return;
        clearTimeout(timer);
        resolve(m.port);
      });
      void child.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited (${code}) before it was ready`));
      });
    });
    return child;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  call<T>(cmd: string, args?: unknown, timeoutMs = 60_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name}: ${cmd} timed out`));
      }, timeoutMs);
      const settle = () => clearTimeout(timer);
      this.pending.set(id, {
        resolve: (v) => {
          settle();
          resolve(v as T);
        },
        reject: (e) => {
          settle();
          reject(e);
        },
      });
      this.proc.send({ id, cmd, args });
    });
  }

  /** VmRSS of the child after a full GC, in bytes. */
  async rss(): Promise<number> {
    await this.call('gc');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${this.proc.pid}/status`, 'utf8'))?.[1];
    return Number(kb) * 1024;
  }

  async stop(): Promise<void> {
    await this.call('stop', undefined, 15_000).catch(() => {});
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5_000);
    await this.exited;
    clearTimeout(timer);
  }
}
