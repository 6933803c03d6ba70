import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBench } from '@/tests/support/run-bench';

const _ROOT = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'dcdock-reports-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bench/reports.ts', () => {
  it('runs small end to end: history written, both statements explained, API and direct timed, a CSV downloaded', { timeout: 150_000 }, async () => {
    const json = path.join(dir, 'reports.json');
    const args = ['--days', '12', '--per-day', '40', '--ramps', '8', '--events', '3000', '--samples', '5', '--report-days', '7', '--json', json];
    const { code, output } = await runBench('bench/reports.ts', args, 140_000);
    expect(code, output.slice(-3000)).toBe(0);
    expect(output).toContain('API/direct p95');
    const report = JSON.parse(readFileSync(json, 'utf8'));
    // 12 days × 40 bench assignments, besides the demo's; 3,000 events besides the demo's.
    expect(report.history.assignments).toBeGreaterThanOrEqual(480);
    expect(report.history.events).toBeGreaterThanOrEqual(3000);
    for (const what of ['kpis', 'report'] as const) {
      expect(report.plans[what].join('\n')).toContain('Execution Time');
      for (const target of ['api', 'direct'] as const) {
        const s = report[what][target];
        expect(s.count, `${what} ${target}`).toBe(5);
        expect(s.p50, `${what} ${target}`).toBeGreaterThan(0);
        expect(s.p95).toBeGreaterThanOrEqual(s.p50);
      }
    }
    expect(report.csv.ms).toHaveLength(3);
    expect(report.csv.bytes).toBeGreaterThan(100);
  });
});
