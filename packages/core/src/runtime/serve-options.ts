/**
 * The runtime options of `serve()`, the same names and defaults on every engine (node:http, uWS,
 * Rust): how many processes and threads, how long a drain may take, who handles signals, where logs go.
 */
import { defaultLogger, type Logger } from '../log/logger.js';
import type { ListenOptions } from '../transport/contract.js';
import { BoltRuntimeError, RuntimeErrorCode } from './errors.js';

/**
 * Options every engine's `serve()` accepts; an engine adds its own (limits, timeouts) beside them.
 *
 * @example
 * await serve(app, { host: '0.0.0.0', port: 8000, processes: 2, workers: 2, graceMs: 5000 });
 */
export interface ServeOptions extends ListenOptions {
  /** OS processes on one port, supervised (a crashed one is started again). Default 1. Needs an app module when > 1. */
  processes?: number;
  /** Worker threads per process, restarted when they crash. Default 1 (the calling thread serves). Needs an app module when > 1. */
  workers?: number;
  /**
   * How long in-flight requests may run once a shutdown starts (a signal, `close()`, or the loss of
   * the supervisor), in ms; what is left then is cut. Default 10 000.
   */
  graceMs?: number;
  /**
   * On SIGTERM or SIGINT: stop accepting, drain within `graceMs`, run shutdown handlers, exit 0 (a
   * second signal exits 1 at once). `false` leaves signals to you (call `close()` yourself).
   * Default `true`.
   */
  handleSignals?: boolean;
  /** Where the runtime logs starts, restarts and shutdowns. Default: Bolt's logger (pino, stderr). */
  logger?: Logger;
}

/** The runtime's half of {@link ServeOptions}, checked and with defaults applied. */
export interface RuntimeOptions {
  readonly processes: number;
  readonly workers: number;
  readonly graceMs: number;
  readonly handleSignals: boolean;
  readonly logger: Logger;
}

/** Option names the runtime owns; everything else goes to the engine's `listen`. */
const RUNTIME_KEYS = ['processes', 'workers', 'graceMs', 'handleSignals', 'logger'] as const;

function integer(name: string, value: number | undefined, fallback: number, min: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min) {
    throw new BoltRuntimeError(
      RuntimeErrorCode.OPTION_INVALID,
      `serve() option ${name} must be an integer >= ${min}; got ${String(v)}.`,
    );
  }
  return v;
}

/**
 * Splits `options` into the runtime's options (checked, defaults applied, frozen) and the rest,
 * which the engine's `listen` receives unchanged. Throws BOLT_ERR_RUNTIME_OPTION_INVALID.
 */
export function resolveServeOptions<O extends ServeOptions>(
  options: O,
): { runtime: RuntimeOptions; listen: Omit<O, (typeof RUNTIME_KEYS)[number]> } {
  const runtime: RuntimeOptions = Object.freeze({
    processes: integer('processes', options.processes, 1, 1),
    workers: integer('workers', options.workers, 1, 1),
    graceMs: integer('graceMs', options.graceMs, 10_000, 0),
    handleSignals: options.handleSignals ?? true,
    logger: options.logger ?? defaultLogger(),
  });
  const listen = { ...options } as Record<string, unknown>;
  for (const key of RUNTIME_KEYS) delete listen[key];
  return { runtime, listen: listen as Omit<O, (typeof RUNTIME_KEYS)[number]> };
}
