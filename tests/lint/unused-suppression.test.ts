import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// ESLint's reportUnusedDisableDirectives, Biome style: `npm run lint` fails on
// a suppression comment that suppresses nothing, and passes once the comment
// suppresses a real finding.

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIOME = path.join(ROOT, 'node_modules/.bin/biome');

/** `npm run lint`'s Biome arguments, without its target (`.`). */
function lintArgs(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [bin, ...args] = pkg.scripts.lint!.split(' ');
  expect(bin).toBe('biome');
  expect(args.at(-1)).toBe('.');
  return args.slice(0, -1);
}

function lint(cwd: string, file: string): { status: number | null; categories: string[] } {
  const run = spawnSync(BIOME, [...lintArgs(), '--reporter=json', file], { cwd, encoding: 'utf8' });
  const report = JSON.parse(run.stdout) as { diagnostics: { category: string }[] };
  return { status: run.status, categories: report.diagnostics.map((d) => d.category) };
}

const UNUSED = `// biome-ignore lint/suspicious/noDebugger: nothing here calls the debugger
export const answer = 42;
`;

const USED = `export function pause(): void {
  // biome-ignore lint/suspicious/noDebugger: kept for a manual check
  debugger;
}
`;

describe('npm run lint and suppression comments', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'dcdock-lint-'));
    writeFileSync(path.join(dir, 'biome.json'), JSON.stringify({ extends: [path.join(ROOT, 'biome.jsonc')], vcs: { enabled: false } }));
    writeFileSync(path.join(dir, 'unused.ts'), UNUSED);
    writeFileSync(path.join(dir, 'used.ts'), USED);
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('fails on a suppression that suppresses nothing', () => {
    const { status, categories } = lint(dir, 'unused.ts');
    expect(categories).toContain('suppressions/unused');
    expect(status).not.toBe(0);
  });

  it('passes the same rule suppressed where it reports', () => {
    expect(lint(dir, 'used.ts')).toEqual({ status: 0, categories: [] });
  });
});
