/**
 * `serve(api, options)`: the one call users make. The runtime (processes, workers, signals, grace
 * period, restarts) is core's `serveApp`, the same on every engine; this file names the engine.
 */
import type { BoltAPI, RunningServer } from '@bolt/core';
import {
  type AppModule,
  type ServeOptions as CoreServeOptions,
  type Engine,
  serveApp,
} from '@bolt/core/runtime';
import { type UwsListenOptions, uwsTransport } from './listen.js';
import { loadNative } from './load-native.js';

/** Options of {@link serve}: the runtime's (core's `ServeOptions`, the same on every engine) and uWS's limits. */
export interface ServeOptions extends CoreServeOptions, UwsListenOptions {}

const engine: Engine<UwsListenOptions> = {
  transport: uwsTransport,
  module: { module: import.meta.resolve('@bolt/transport-uws'), export: 'uwsTransport' },
};

/**
 * Serves a Bolt app on uWebSockets.js and resolves once every process and thread listens.
 * SIGTERM and SIGINT drain in-flight requests, then the process exits 0 (`handleSignals: false`
 * to handle them yourself).
 *
 * With `processes` or `workers` above 1, pass where the app lives instead of the app itself: each
 * thread imports that module (so the module must only declare routes, not call `serve`).
 *
 * @example
 * // app.ts: export const api = new BoltAPI(); api.get('/', () => ({ Hello: 'World' }));
 * await serve(api, { host: '127.0.0.1', port: 8000 });
 * await serve({ module: new URL('./app.js', import.meta.url), export: 'api' },
 *   { host: '127.0.0.1', port: 8000, processes: 2, workers: 2 });
 */
export function serve(app: BoltAPI | AppModule, options: ServeOptions = {}): Promise<RunningServer> {
  loadNative(); // fail here, with the install advice, before any thread or process starts
  return serveApp(app, options, engine);
}
