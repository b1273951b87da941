/**
 * `serve()` for node:http: the simplest way to run a Bolt app, and the reference engine. Runtime
 * options (signals, grace period, processes, workers) are the same as on every engine.
 */
import type { BoltAPI } from '../api/bolt-api.js';
import type { AppModule } from '../runtime/app-module.js';
import type { Engine } from '../runtime/engine.js';
import { serveApp } from '../runtime/serve-app.js';
import type { ServeOptions } from '../runtime/serve-options.js';
import type { RunningServer } from '../transport/contract.js';
import { type NodeListenOptions, nodePortSharing, nodeTransport } from './node-transport.js';

/** Options of {@link serve}: the runtime's, and node:http's limits and timeouts. */
export interface NodeServeOptions extends ServeOptions, NodeListenOptions {}

const engine: Engine<NodeListenOptions> = {
  transport: nodeTransport,
  module: { module: new URL('./node-transport.js', import.meta.url).href, export: 'nodeTransport' },
  cannotSharePort: nodePortSharing(),
};

/**
 * Serves `app` (a BoltAPI, or the module that exports it) on node:http. SIGTERM and SIGINT drain
 * in-flight requests, then the process exits 0 (`handleSignals: false` to handle them yourself).
 *
 * @example
 * import { serve } from '@bolt/core/node';
 * const server = await serve(api, { host: '127.0.0.1', port: 8000, graceMs: 5000 });
 * await server.close();
 */
export function serve(app: BoltAPI | AppModule, opts: NodeServeOptions = {}): Promise<RunningServer> {
  return serveApp(app, opts, engine);
}
