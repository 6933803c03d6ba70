import type { Logger } from '@/server/logger';

/** How the process stops after a crash; server/index.ts hands in the shutdown the signals use. */
export type FatalHandler = (reason: string) => Promise<void>;

/** A shutdown that does not finish in this time is cut short. */
const FATAL_EXIT_MS = 15_000;

let crashing = false;

/**
 * An uncaught exception or unhandled rejection leaves the process in a state
 * nobody designed for: log it, shut down gracefully (clients move to another
 * instance) and exit non-zero, so the supervisor starts a fresh one.
 */
export function installCrashHandlers(logger: Logger, fatal?: FatalHandler): void {
  const crash = (kind: string) => (error: unknown) => {
    logger.fatal({ err: error, kind }, 'uncaught error: shutting down');
    if (crashing) return;
    crashing = true;
    process.exitCode = 1;
    setTimeout(() => process.exit(1), FATAL_EXIT_MS).unref();
    Promise.resolve(fatal?.(kind))
      .catch((e: unknown) => logger.error({ err: e }, 'error during the crash shutdown'))
      .finally(() => process.exit(1));
  };
  process.on('uncaughtException', crash('uncaughtException'));
  process.on('unhandledRejection', crash('unhandledRejection'));
}
