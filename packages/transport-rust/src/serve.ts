/**
 * `serve()`: runs a Bolt app on the Rust engine, on this thread, on worker threads, or (with
 * `processes`) in several processes sharing the port. The runtime (signals, grace period, restarts,
 * the supervisor) is core's `serveApp`, the same on every engine; this file names the engine.
 */
import type { AppModule, BoltAPI, RunningServer } from '@bolt/core';
import { type Engine, serveApp } from '@bolt/core/runtime';
import type { RustListenOptions, RustServeOptions } from './options.js';
import { rustTransport } from './rust-transport.js';

const engine: Engine<RustListenOptions> = {
  transport: rustTransport,
  module: { module: new URL('./rust-transport.js', import.meta.url).href, export: 'rustTransport' },
};

/**
 * Serves `app` (a BoltAPI, or the module exporting it, which `workers`/`processes` need). SIGTERM
 * and SIGINT drain in-flight requests, then the process exits 0 (`handleSignals: false` to handle
 * them yourself).
 *
 * @example
 * import { serve } from '@bolt/transport-rust';
 * const server = await serve(api, { host: '127.0.0.1', port: 8000 });
 * const many = await serve({ module: new URL('./app.js', import.meta.url), export: 'api' }, { workers: 2 });
 * await server.close();
 */
export function serve(app: BoltAPI | AppModule, opts: RustServeOptions = {}): Promise<RunningServer> {
  return serveApp(app, opts, engine);
}
