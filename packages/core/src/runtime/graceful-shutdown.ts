/**
 * SIGTERM/SIGINT handling shared by every engine: stop accepting, let in-flight requests finish
 * within the grace period, then exit 0. A second signal exits at once. Several servers in one
 * process share one handler, so the process exits only once every one of them has drained.
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

interface Registration {
  server: Closable;
  graceMs: number;
  signals: readonly NodeJS.Signals[];
  exit: boolean;
  logger: Logger | undefined;
}

const registered = new Set<Registration>();
const listening = new Map<NodeJS.Signals, (signal: NodeJS.Signals) => void>();
let closing = false;

function onSignal(signal: NodeJS.Signals): void {
  const all = [...registered].filter((r) => r.signals.includes(signal));
  const logger = all[0]?.logger;
  if (closing) {
    logger?.warn({ signal }, 'bolt: second signal, exiting now');
    process.exit(1);
  }
  closing = true;
  logger?.info({ signal, pid: process.pid, servers: all.length }, 'bolt: shutting down');
  Promise.all(all.map((r) => r.server.close({ graceMs: r.graceMs }))).then(
    () => {
      for (const r of all) registered.delete(r);
      sync();
      if (all.some((r) => r.exit)) process.exit(0);
      closing = false;
    },
    (error: unknown) => {
      logger?.error({ err: error }, 'bolt: shutdown failed');
      process.exit(1);
    },
  );
}

/** Listens for exactly the signals some registration wants. */
function sync(): void {
  const wanted = new Set([...registered].flatMap((r) => r.signals));
  for (const [signal, listener] of listening) {
    if (wanted.has(signal)) continue;
    process.off(signal, listener);
    listening.delete(signal);
  }
  for (const signal of wanted) {
    if (listening.has(signal)) continue;
    listening.set(signal, onSignal);
    process.on(signal, onSignal);
  }
}

/**
 * Closes `server` on the first of `signals`, together with every other server registered in this
 * process, then exits 0. Returns a function that removes the registration.
 *
 * @example
 * const server = await serve(api, { port: 8000, handleSignals: false });
 * closeOnSignals(server, { graceMs: 5000 });
 */
export function closeOnSignals(server: Closable, options: ShutdownOptions = {}): () => void {
  const registration: Registration = {
    server,
    graceMs: options.graceMs ?? 10_000,
    signals: options.signals ?? ['SIGTERM', 'SIGINT'],
    exit: options.exit ?? true,
    logger: options.logger,
  };
  registered.add(registration);
  sync();
  return () => {
    if (!registered.delete(registration)) return;
    sync();
  };
}
