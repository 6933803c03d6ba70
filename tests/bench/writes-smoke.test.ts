import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBench } from '@/tests/support/run-bench';

const _ROOT = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'dcdock-writes-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bench/writes.ts', () => {
  it('runs small end to end: REST and baseline both commit mutations at every level, and the fixed-rate run answers', { timeout: 150_000 }, async () => {
    const json = path.join(dir, 'writes.json');
    const { code, output } = await runBench(
      'bench/writes.ts',
      ['--seconds', '1', '--levels', '1,4', '--rate', '10', '--ramps', '10', '--days', '4', '--json', json],
      140_000,
    );
    expect(code, output.slice(-3000)).toBe(0);
    expect(output).toContain('REST/baseline');
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.levels.map((l: { concurrency: number }) => l.concurrency)).toEqual([1, 4]);
    for (const level of report.levels) {
      for (const target of ['rest', 'baseline'] as const) {
        const r = level[target];
        expect(r.opsPerSec, `${target} c=${level.concurrency}`).toBeGreaterThan(0);
        expect(r.committed, `${target} c=${level.concurrency}`).toBeGreaterThan(0);
        expect(r.errors + r.rejected, `${target} c=${level.concurrency}: ${r.errorSamples.join('; ')}`).toBe(0);
        expect(r.latencyMs.p50).toBeGreaterThan(0);
        expect(r.latencyMs.p99).toBeGreaterThanOrEqual(r.latencyMs.p50);
      }
      expect(level.ratio).toBeGreaterThan(0);
    }
    for (const target of ['rest', 'baseline'] as const) {
      const f = report.fixedRate[target];
      expect(f.answered, target).toBe(10);
      expect(f.errors + f.rejected, target).toBe(0);
      expect(f.latencyMs.p99, target).toBeGreaterThan(0);
    }
    // Every committed mutation is one event in the log, REST or hand-written.
    expect(report.eventLog.events).toBe(report.eventLog.seq);
  });
});
