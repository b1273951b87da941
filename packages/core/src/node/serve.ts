/**
 * `serve()` for node:http: the simplest way to run a Bolt app, and the reference transport.
 */
import type { BoltAPI } from '../api/bolt-api.js';
import { type AppModule, isAppModule } from '../runtime/app-module.js';
import { loadApp } from '../runtime/load-app.js';
import type { RunningServer } from '../transport/contract.js';
import { type NodeListenOptions, nodeTransport } from './node-transport.js';

/**
 * Serves `app` (a BoltAPI, or the module that exports it) on node:http.
 *
 * @example
 * import { serve } from '@bolt/core/node';
 * const server = await serve(api, { host: '127.0.0.1', port: 8000 });
 * await server.close();
 */
export async function serve(app: BoltAPI | AppModule, opts: NodeListenOptions = {}): Promise<RunningServer> {
  const api = isAppModule(app) ? await loadApp(app) : app;
  return nodeTransport.listen(api.compile(), opts);
}
