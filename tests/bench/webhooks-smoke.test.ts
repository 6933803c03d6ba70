import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBench } from '@/tests/support/run-bench';

const dir = mkdtempSync(path.join(tmpdir(), 'dcdock-webhooks-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bench/webhooks.ts', () => {
  it('runs small end to end: DCDock and the bare loop deliver every change to 1 and 3 receivers in order, signed, and the lag is measured', {
    timeout: 120_000,
  }, async () => {
    const json = path.join(dir, 'webhooks.json');
    const args = ['--changes', '60', '--changes20', '20', '--receivers', '3', '--lag-seconds', '2', '--rounds', '1', '--json', json];
    const { code, output } = await runBench('bench/webhooks.ts', args, 110_000);
    expect(code, output.slice(-3000)).toBe(0);
    expect(output).toContain('quietest round 1');
    const report = JSON.parse(readFileSync(json, 'utf8'));
    const rates = report.rates[0];
    expect(rates.map((r: { target: string; receivers: number }) => `${r.target} × ${r.receivers}`)).toEqual([
      'dcdock × 1',
      'baseline × 1',
      'dcdock × 3',
      'baseline × 3',
    ]);
    for (const r of rates) {
      // 60 loads to 1 receiver, 20 loads to each of 3: every load is an event each receiver gets, in order, with a valid signature.
      expect(r.deliveries, r.target).toBe(60);
      expect(r.check).toMatchObject({ missing: 0, outOfOrder: 0, badSignatures: 0 });
      expect(r.check.received).toBe(r.deliveries);
      expect(r.perSec, r.target).toBeGreaterThan(0);
    }
    for (const l of report.lags[0]) {
      expect(l.events, l.target).toBe(40);
      expect(l.failedWrites).toBe(0);
      expect(l.check).toMatchObject({ missing: 0, outOfOrder: 0, badSignatures: 0 });
      expect(l.fromCommitMs.count).toBe(40);
      expect(l.fromCommitMs.p50).toBeGreaterThan(0);
      expect(l.fromCommitMs.p99).toBeGreaterThanOrEqual(l.fromCommitMs.p50);
    }
    expect(report.summary.rate1.ratio).toBeGreaterThan(0);
  });
});
