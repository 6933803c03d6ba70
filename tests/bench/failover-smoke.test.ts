import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'dcdock-bench-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runBench(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/failover.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), 80_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('bench/failover.ts', () => {
  it('runs end to end: SIGTERM of A behind nginx, every client caught up on B with every event', { timeout: 90_000 }, async () => {
    const json = path.join(dir, 'failover.json');
    const { code, output } = await runBench(['--clients', '40', '--raw', '8', '--settleSeconds', '1', '--json', json]);
    expect(code, output.slice(-3000)).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    for (const phase of ['failover', 'baseline']) {
      const r = report[phase];
      expect(r.times.notCaughtUp, phase).toBe(0);
      expect(r.deliveries.expected, phase).toBeGreaterThan(0);
      expect(r.deliveries.deliveredPct, `${phase}: ${JSON.stringify(r.deliveries.problems)}`).toBe(100);
      expect(r.deliveries.duplicates + r.deliveries.outOfOrder, `${phase}: ${JSON.stringify(r.deliveries.problems)}`).toBe(0);
      expect(r.writes.failed, `${phase}: ${JSON.stringify(r.writes.failures)}`).toBe(0);
    }
    // Every client on A through nginx before the SIGTERM, none on B.
    expect(report.failover.placementBefore.A).toBe(48);
    expect(report.failover.placementBefore.B ?? 0).toBe(0);
    expect(report.failover.exit.code).toBe(0);
    expect(Number.isFinite(report.ratio.p99)).toBe(true);
  });
});
