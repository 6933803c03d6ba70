/**
 * The tables bench/board.ts prints at the end: load times per board size,
 * commit-to-DOM, and the JavaScript of /board.
 */
import path from 'node:path';
import type { CommitToDom } from '@/bench/board-commit';
import type { ScriptRecord, SizeResult } from '@/bench/board-loads';
import { fmt, median, type Summary, table } from '@/bench/lib-util';

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
  console.log(
    `\nCommit-to-DOM on board (a), ${commitToDom.changes} PATCHes at ${report.options['change-rate']}/s over ${commitToDom.blocks} visible blocks:\n`,
  );
  const row = (measure: string, ms: Summary) => [measure, fmt(ms.p50), fmt(ms.p95), fmt(ms.p99), fmt(ms.max), ms.count];
  console.log(
    table(
      ['measure', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'count'],
      [
        row('REST answer', commitToDom.restMs),
        row('REST call → frame at browser (CDP)', commitToDom.toBrowserFrameMs),
        row('REST call → frame handled in page', commitToDom.toSocketFrameMs),
        row('socket frame → DOM', commitToDom.socketFrameToDomMs),
        row('commit → DOM', commitToDom.toDomMs),
        row('commit → next frame', commitToDom.toNextFrameMs),
      ],
    ),
  );
  console.log(`  missing: ${commitToDom.missing}; board (a) had ${commitToDom.rowsInDom} ramp rows and ${commitToDom.blocksInDom} blocks in the DOM`);
  const { count, totalMs, windowMs, maxMs } = commitToDom.pageLongTasks;
  console.log(
    `  page main thread during the changes: ${count} long tasks, ${totalMs} ms of ${windowMs} ms (${fmt((totalMs / windowMs) * 100, 0)} %), longest ${maxMs} ms`,
  );
  const budget = `${javascript.budgetGzipBytes / 1024} kB: ${javascript.gzipBytes <= javascript.budgetGzipBytes ? 'within' : 'OVER'}`;
  console.log(`\nJavaScript for /board: ${javascript.scripts} scripts, ${fmt(javascript.gzipBytes / 1024)} kB gzip (budget ${budget})`);
  for (const s of javascript.files.slice(0, 8)) console.log(`  ${fmt(s.gzipBytes / 1024).padStart(7)} kB gz  ${fmt(s.bytes / 1024).padStart(7)} kB  ${s.url}`);
  if (report.document) console.log(`HTML of /board (size a): ${fmt(report.document.bytes / 1024)} kB, ${fmt(report.document.gzipBytes / 1024)} kB gzip`);
  if (report.consoleErrors.length) console.log(`\nBrowser console errors:\n  ${report.consoleErrors.join('\n  ')}`);
  if (report.buildReplacedDuringRun)
    console.log('\nWARNING: .next was rebuilt by another process during the run; the figures after that moment are not valid.');
  console.log(`\nJSON: ${path.relative(process.cwd(), jsonPath)}`);
}
