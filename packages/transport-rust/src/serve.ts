/**
 * `serve()`: runs a Bolt app on the Rust engine, on this thread, on worker threads, or (with
 * `processes`) in several processes sharing the port.
 */
import { type AppModule, type BoltAPI, isAppModule, loadApp, type RunningServer } from '@bolt/core';
import { BoltRustError, RustErrorCode } from './errors.js';
import { type RustServeOptions, resolveOptions } from './options.js';
import { listenWithProcesses } from './processes.js';
import { listenInThread } from './rust-transport.js';
import { listenWithWorkers } from './workers.js';

/**
 * Serves `app` (a BoltAPI, or the module exporting it, which `workers`/`processes` need).
 *
 * @example
 * import { serve } from '@bolt/transport-rust';
 * const server = await serve(api, { host: '127.0.0.1', port: 8000 });
 * const many = await serve({ module: new URL('./app.js', import.meta.url), export: 'api' }, { workers: 2 });
 * await server.close();
 */
export async function serve(app: BoltAPI | AppModule, opts: RustServeOptions = {}): Promise<RunningServer> {
  const o = resolveOptions(opts);
  if (o.workers > 1 || o.processes > 1) {
    if (!isAppModule(app)) {
      throw new BoltRustError(
        RustErrorCode.WORKERS_NEED_MODULE,
        'workers/processes > 1 need the app as a module so each thread can import it: serve({ module: new URL("./app.js", import.meta.url), export: "api" }, opts).',
      );
    }
    if (o.processes > 1) return listenWithProcesses(app, o);
    return listenWithWorkers(app, o);
  }
  const api = isAppModule(app) ? await loadApp(app) : app;
  return listenInThread(api.compile(), o);
}
