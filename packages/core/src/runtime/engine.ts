/**
 * What the runtime needs to know about an engine beyond the Transport contract: where other
 * processes and threads import it, and whether it runs worker threads behind a listener of its own.
 */
import type { ListenOptions, RunningServer, Transport } from '../transport/contract.js';
import type { AppModule } from './app-module.js';
import type { TransportModule } from './transport-module.js';

/** Listen options the runtime adds when several listeners share one port. */
export interface SharedPortOptions {
  /**
   * True when other processes or threads bind the same port: the engine must set SO_REUSEPORT
   * (uWS always does). Absent or false: bind alone, and fail when the port is taken.
   */
  reusePort?: boolean;
}

/**
 * A Transport that serves `count` JS worker threads behind one listener it owns (the Rust engine:
 * one tokio listener feeding W threads). Without `listenWorkers`, the runtime starts one listener
 * per thread on the shared port instead.
 */
export interface WorkersTransport<O extends ListenOptions = ListenOptions> extends Transport<O> {
  /**
   * Starts `count` threads that each import `app`; resolves once all serve. Each thread runs the
   * app's start-up handlers before it takes requests; `close` drains, then runs shutdown in each.
   */
  listenWorkers(app: AppModule, opts: O & SharedPortOptions, count: number): Promise<RunningServer>;
}

/** True when `transport` runs its worker threads itself. */
export function hasOwnWorkers<O extends ListenOptions>(
  transport: Transport<O>,
): transport is WorkersTransport<O> {
  return typeof (transport as Partial<WorkersTransport<O>>).listenWorkers === 'function';
}

/**
 * An engine as its `serve()` hands it to {@link serveApp}.
 *
 * @example
 * const engine: Engine<UwsListenOptions> = {
 *   transport: uwsTransport,
 *   module: { module: import.meta.resolve('@bolt/transport-uws'), export: 'uwsTransport' },
 * };
 */
export interface Engine<O extends ListenOptions = ListenOptions> {
  /** The engine in this thread. */
  readonly transport: Transport<O>;
  /** The same Transport, as a module every forked process and worker thread imports. */
  readonly module: TransportModule;
  /**
   * Why this engine cannot share a port between processes or threads here, when it cannot (then
   * `processes`/`workers` > 1 are refused with this reason). Default: it can.
   */
  readonly cannotSharePort?: string;
}
