import type { AppDeps } from '@/server/http/route';

// Next.js bundles the app's server code separately from the custom server, so
// module state is not shared between them. The process-wide runtime (one
// database pool, one logger, one login guard) is handed over through globalThis.
const KEY = Symbol.for('dcdock.runtime');
type Holder = { [KEY]?: AppDeps };

export function setRuntime(deps: AppDeps): void {
  (globalThis as Holder)[KEY] = deps;
}

export function getRuntime(): AppDeps {
  const deps = (globalThis as Holder)[KEY];
  if (!deps) throw new Error('DCDock runtime is not initialised: start the app with `npm start` or `npm run dev`, not `next` directly.');
  return deps;
}
