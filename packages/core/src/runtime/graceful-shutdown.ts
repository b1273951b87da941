/**
 * SIGTERM/SIGINT handling shared by every transport: stop accepting, let in-flight requests finish
 * within the grace period, then exit 0. A second signal exits at once.
 */
import type { Logger } from '../log/logger.js';

/** Something that can be closed gracefully (a RunningServer, a worker pool, a process group). */
export interface Closable {
  close(opts?: { graceMs?: number }): Promise<void>;
}

/** Options of {@link closeOnSignals}. */
export interface ShutdownOptions {
  /** How long in-flight requests may take. Default 10 000 ms. */
  graceMs?: number;
  /** Default `['SIGTERM', 'SIGINT']`. */
  signals?: readonly NodeJS.Signals[];
  /** Exit the process once closed. Default `true`. */
  exit?: boolean;
  logger?: Logger;
}

/**
 * Closes `server` on the first of `signals`, then exits 0. Returns a function that removes the handlers.
 *
 * @example
 * const server = await serve(api, { port: 8000 });
 * closeOnSignals(server, { graceMs: 5000 });
 */
export function closeOnSignals(server: Closable, options: ShutdownOptions = {}): () => void {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const graceMs = options.graceMs ?? 10_000;
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) {
      options.logger?.warn({ signal }, 'bolt: second signal, exiting now');
      process.exit(1);
    }
    closing = true;
    options.logger?.info({ signal, graceMs, pid: process.pid }, 'bolt: shutting down');
    server.close({ graceMs }).then(
      () => {
        remove();
        if (options.exit ?? true) process.exit(0);
      },
      (error: unknown) => {
        options.logger?.error({ err: error }, 'bolt: shutdown failed');
        process.exit(1);
      },
    );
  };
  const remove = (): void => {
    for (const signal of signals) process.off(signal, onSignal);
  };
  for (const signal of signals) process.on(signal, onSignal);
  return remove;
}
