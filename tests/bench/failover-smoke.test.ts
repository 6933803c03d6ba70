import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBench } from '@/tests/support/run-bench';

const _ROOT = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'dcdock-bench-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bench/failover.ts', () => {
  it('runs end to end: SIGTERM of A behind nginx, every client caught up on B with every event', { timeout: 90_000 }, async () => {
    const json = path.join(dir, 'failover.json');
    const { code, output } = await runBench('bench/failover.ts', ['--clients', '40', '--raw', '8', '--settleSeconds', '1', '--json', json], 80_000);
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
