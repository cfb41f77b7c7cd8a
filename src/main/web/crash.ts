/**
 * Last-resort handlers for the web host process. Without them an unhandled rejection or a thrown
 * error ends the process mid-request with a stack trace and no clean shutdown: streams are not
 * marked in the ledger and the database is not closed.
 */
import type { Logger } from '../core/rpc';

/** How long a crash waits for the shutdown before exiting anyway. */
export const CRASH_SHUTDOWN_LIMIT_MS = 5000;

/** The part of `process` these handlers use (a fake in tests). */
export interface ProcessEvents {
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
}

export interface CrashHandlerOptions {
  log: Logger;
  /** Stops serving and closes the core (ledger, database). */
  shutdown: () => Promise<void>;
  exit: (code: number) => void;
  limitMs?: number;
}

function describe(reason: unknown): string {
  return reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
}

/**
 * An unhandled rejection is logged and the host keeps serving (one failed promise should not end
 * everyone's session); an uncaught exception leaves the process in an unknown state, so the host
 * shuts down cleanly and exits with 1.
 */
export function installCrashHandlers(proc: ProcessEvents, opts: CrashHandlerOptions): void {
  const limitMs = opts.limitMs ?? CRASH_SHUTDOWN_LIMIT_MS;
  let crashing = false;

  proc.on('unhandledRejection', (reason) => {
    opts.log('error', `unhandled promise rejection (RouterDesk keeps running): ${describe(reason)}`);
  });

  proc.on('uncaughtException', (error) => {
    opts.log('error', `uncaught exception, RouterDesk is shutting down: ${describe(error)}`);
    if (crashing) {
      // A second one during the shutdown: do not wait for a shutdown that is itself failing.
      opts.exit(1);
      return;
    }
    crashing = true;
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((done) => {
      timer = setTimeout(() => {
        opts.log('error', `shutdown did not finish within ${limitMs} ms; exiting anyway`);
        done();
      }, limitMs);
    });
    const closing = Promise.resolve()
      .then(() => opts.shutdown())
      .catch((e: unknown) => opts.log('error', `shutdown after the crash failed: ${describe(e)}`));
    void Promise.race([closing, limit]).then(() => {
      clearTimeout(timer);
      opts.exit(1);
    });
  });
}
