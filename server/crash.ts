import type { Logger } from '@/server/logger';

/** How the process stops after a crash; server/index.ts hands in the shutdown the signals use. */
export type FatalHandler = (reason: string) => Promise<void>;

/** A shutdown that does not finish in this time is cut short. */
const FATAL_EXIT_MS = 15_000;

let handler: FatalHandler | undefined;
let crashing = false;

/** Sets (or replaces) what runs after an uncaught error, before the process exits non-zero. */
export function onFatal(fatal: FatalHandler): void {
  handler = fatal;
}

/**
 * An uncaught exception or unhandled rejection leaves the process in a state
 * nobody designed for: log it, shut down gracefully (clients move to another
 * instance) and exit non-zero, so the supervisor starts a fresh one.
 */
export function installCrashHandlers(logger: Logger, fatal?: FatalHandler): void {
  if (fatal) onFatal(fatal);
  const crash = (kind: string) => (error: unknown) => {
    logger.fatal({ err: error, kind }, 'uncaught error: shutting down');
    if (crashing) return;
    crashing = true;
    process.exitCode = 1;
    setTimeout(() => process.exit(1), FATAL_EXIT_MS).unref();
    Promise.resolve(handler?.(kind))
      .catch((e: unknown) => logger.error({ err: e }, 'error during the crash shutdown'))
      .finally(() => process.exit(1));
  };
  process.on('uncaughtException', crash('uncaughtException'));
  process.on('unhandledRejection', crash('unhandledRejection'));
}
