/**
 * The tables bench/board.ts prints at the end: load times per board size,
 * commit-to-DOM, and the JavaScript of /board.
 */
import path from 'node:path';
import type { CommitToDom } from '@/bench/board-commit';
import type { ScriptRecord, SizeResult } from '@/bench/board-loads';
import { fmt, median, table } from '@/bench/lib-util';

/** The parts of the JSON report that are printed. */
export type PrintedReport = {
  options: { loads: number; 'change-rate': number };
  sizes: SizeResult[];
  commitToDom: CommitToDom;
  javascript: { scripts: number; gzipBytes: number; budgetGzipBytes: number; files: ScriptRecord[] };
  document: { bytes: number; gzipBytes: number } | null;
  consoleErrors: string[];
  buildReplacedDuringRun: boolean;
};

export function printBoardReport(report: PrintedReport, jsonPath: string): void {
  const { commitToDom, javascript } = report;
  console.log(`\nBoard load (median of ${report.options.loads}; ms from navigation start to a fully drawn, live board):\n`);
  console.log(
    table(
      ['size', 'date', 'ramps', 'assignments', 'cold median', 'cold loads', 'warm median', 'live at (cold)', 'HTML kB', '/api/board kB gz', '/api/board ms'],
      report.sizes.map((s) => [
        s.name,
        s.date,
        s.rampsShown,
        s.assignmentsShown,
        fmt(s.coldMedianMs, 0),
        s.cold.map((x) => fmt(x.readyMs, 0)).join(' / '),
        fmt(s.warmMedianMs, 0),
        fmt(median(s.cold.map((x) => x.liveMs ?? NaN)), 0),
        fmt(median(s.cold.map((x) => x.documentBytes)) / 1024, 0),
        fmt(s.boardApi.gzipBytes / 1024, 0),
        s.boardApi.ms,
      ]),
    ),
  );
  console.log(`\nCommit-to-DOM on board (a), ${commitToDom.changes} PATCHes at ${report.options['change-rate']}/s over ${commitToDom.blocks} visible blocks:\n`);
  console.log(
    table(
      ['measure', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'count'],
      [
        ['REST answer', fmt(commitToDom.restMs.p50), fmt(commitToDom.restMs.p95), fmt(commitToDom.restMs.p99), fmt(commitToDom.restMs.max), commitToDom.restMs.count],
        ['REST call → frame at browser (CDP)', fmt(commitToDom.toBrowserFrameMs.p50), fmt(commitToDom.toBrowserFrameMs.p95), fmt(commitToDom.toBrowserFrameMs.p99), fmt(commitToDom.toBrowserFrameMs.max), commitToDom.toBrowserFrameMs.count],
        ['REST call → frame handled in page', fmt(commitToDom.toSocketFrameMs.p50), fmt(commitToDom.toSocketFrameMs.p95), fmt(commitToDom.toSocketFrameMs.p99), fmt(commitToDom.toSocketFrameMs.max), commitToDom.toSocketFrameMs.count],
        ['socket frame → DOM', fmt(commitToDom.socketFrameToDomMs.p50), fmt(commitToDom.socketFrameToDomMs.p95), fmt(commitToDom.socketFrameToDomMs.p99), fmt(commitToDom.socketFrameToDomMs.max), commitToDom.socketFrameToDomMs.count],
        ['commit → DOM', fmt(commitToDom.toDomMs.p50), fmt(commitToDom.toDomMs.p95), fmt(commitToDom.toDomMs.p99), fmt(commitToDom.toDomMs.max), commitToDom.toDomMs.count],
        ['commit → next frame', fmt(commitToDom.toNextFrameMs.p50), fmt(commitToDom.toNextFrameMs.p95), fmt(commitToDom.toNextFrameMs.p99), fmt(commitToDom.toNextFrameMs.max), commitToDom.toNextFrameMs.count],
      ],
    ),
  );
  console.log(`  missing: ${commitToDom.missing}; board (a) had ${commitToDom.rowsInDom} ramp rows and ${commitToDom.blocksInDom} blocks in the DOM`);
  const longTasks = commitToDom.pageLongTasks;
  console.log(`  page main thread during the changes: ${longTasks.count} long tasks, ${longTasks.totalMs} ms of ${longTasks.windowMs} ms (${fmt((longTasks.totalMs / longTasks.windowMs) * 100, 0)} %), longest ${longTasks.maxMs} ms`);
  console.log(`\nJavaScript for /board: ${javascript.scripts} scripts, ${fmt(javascript.gzipBytes / 1024)} kB gzip (budget ${javascript.budgetGzipBytes / 1024} kB: ${javascript.gzipBytes <= javascript.budgetGzipBytes ? 'within' : 'OVER'})`);
  for (const s of javascript.files.slice(0, 8)) console.log(`  ${fmt(s.gzipBytes / 1024).padStart(7)} kB gz  ${fmt(s.bytes / 1024).padStart(7)} kB  ${s.url}`);
  if (report.document) console.log(`HTML of /board (size a): ${fmt(report.document.bytes / 1024)} kB, ${fmt(report.document.gzipBytes / 1024)} kB gzip`);
  if (report.consoleErrors.length) console.log(`\nBrowser console errors:\n  ${report.consoleErrors.join('\n  ')}`);
  if (report.buildReplacedDuringRun) console.log('\nWARNING: .next was rebuilt by another process during the run; the figures after that moment are not valid.');
  console.log(`\nJSON: ${path.relative(process.cwd(), jsonPath)}`);
}
