import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Written into the driver by scripts/patch-postgres.mjs (run by `postinstall`). */
const PATCH_MARKER = 'dcdock-patch:postgres-3.4.9-v3';
const FILES = ['src/connection.js', 'src/index.js', 'cjs/src/connection.js', 'cjs/src/index.js'];

let checked = false;

/**
 * Refuses to run on an unpatched postgres.js 3.4.9: a dropped connection would
 * then crash the process or leave a pooled connection that never answers.
 */
export function assertDriverPatched(): void {
  if (checked) return;
  // The CommonJS entry lies at <package>/cjs/src/index.js.
  const root = path.resolve(path.dirname(createRequire(import.meta.url).resolve('postgres')), '..', '..');
  const missing = FILES.filter((f) => {
    try {
      return !readFileSync(path.join(root, f), 'utf8').includes(PATCH_MARKER);
    } catch {
      return true;
    }
  });
  if (missing.length) {
    throw new Error(
      `The postgres driver in ${root} is not patched (${missing.join(', ')}): run \`npm install\` (its postinstall runs scripts/patch-postgres.mjs) before starting DCDock.`,
    );
  }
  checked = true;
}
