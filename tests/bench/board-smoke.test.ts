import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBench } from '@/tests/support/run-bench';

const _ROOT = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'dcdock-board-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bench/board.ts', () => {
  // Starts the full app, which builds Next.js first when the sources changed.
  it('runs small end to end in Chromium: both board sizes load live, every change reaches the DOM, the JavaScript is counted', {
    timeout: 240_000,
  }, async () => {
    const json = path.join(dir, 'board.json');
    const { code, output } = await runBench(
      'bench/board.ts',
      ['--ramps', '10', '--assignments', '50', '--big-ramps', '20', '--big-assignments', '100', '--changes', '10', '--loads', '1', '--json', json],
      235_000,
    );
    expect(code, output.slice(-3000)).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    const [a, b] = report.sizes;
    // The demo ramps R1–R8 and their assignments are on the board too.
    expect(a.rampsShown).toBe(10 + 8);
    expect(a.assignmentsShown).toBeGreaterThanOrEqual(50);
    expect(b.rampsShown).toBe(20 + 8);
    expect(b.assignmentsShown).toBeGreaterThanOrEqual(100);
    for (const size of [a, b]) {
      expect(size.cold).toHaveLength(1);
      expect(size.warm).toHaveLength(1);
      for (const sample of [...size.cold, ...size.warm]) {
        expect(sample.readyMs, size.name).toBeGreaterThan(0);
        expect(sample.liveMs, size.name).toBeGreaterThan(0);
        expect(sample.readyBlock, size.name).toMatch(/^block-/);
      }
      expect(size.coldMedianMs).toBeGreaterThan(0);
      expect(size.warmMedianMs).toBeGreaterThan(0);
    }
    expect(report.commitToDom.changes).toBe(10);
    expect(report.commitToDom.missing).toBe(0);
    expect(report.commitToDom.toDomMs.p50).toBeGreaterThan(0);
    expect(report.commitToDom.toDomMs.p95).toBeGreaterThanOrEqual(report.commitToDom.toDomMs.p50);
    expect(report.javascript.scripts).toBeGreaterThan(0);
    expect(report.javascript.gzipBytes).toBeGreaterThan(0);
    expect(report.javascript.gzipBytes).toBeLessThan(report.javascript.bytes);
  });
});
