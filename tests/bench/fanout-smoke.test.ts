import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBench } from '@/tests/support/run-bench';

const _ROOT = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'dcdock-bench-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bench/fanout.ts', () => {
  it('runs end to end and every client gets every event it should, once and in order', { timeout: 120_000 }, async () => {
    const json = path.join(dir, 'fanout.json');
    const { code, output } = await runBench('bench/fanout.ts', ['--clients', '30', '--raw', '6', '--rate', '10', '--seconds', '2', '--json', json], 110_000);
    expect(code, output.slice(-3000)).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    for (const target of ['dcdock', 'baseline']) {
      const r = report.results[target];
      expect(r.clients.socketIo.connected, target).toBe(30);
      expect(r.clients.raw.connected, target).toBe(6);
      expect(r.writes.failed, `${target}: ${r.writes.errors}`).toBe(0);
      expect(r.events, target).toBe(r.writes.ok);
      expect(r.deliveries.expected, target).toBeGreaterThan(0);
      expect(r.deliveries.received, target).toBe(r.deliveries.expected);
      expect(r.deliveries.deliveredPct, target).toBe(100);
      expect(r.deliveries.outOfOrder, target).toBe(0);
      expect(r.deliveries.duplicates, target).toBe(0);
      expect(r.deliveries.misrouted, target).toBe(0);
      expect(r.latencyMs.all.count, target).toBe(r.deliveries.received);
    }
    expect(Number.isFinite(report.ratio.p99)).toBe(true);
  });
});
