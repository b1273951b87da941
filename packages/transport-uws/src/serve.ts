/**
 * `serve(api, options)`: the one call users make. One process and one thread serve in place; more
 * processes or workers go through @bolt/core/runtime, each thread importing the app module itself.
 */
import type { BoltAPI, RunningServer } from '@bolt/core';
import { type AppModule, closeOnSignals, isAppModule, loadApp, startCluster } from '@bolt/core/runtime';
import { BoltUwsError, UwsErrorCode } from './errors.js';
import { listen, type UwsListenOptions } from './listen.js';
import { loadNative } from './load-native.js';

/** Options of {@link serve}. */
export interface ServeOptions extends UwsListenOptions {
  /** OS processes, all on one port (SO_REUSEPORT). Default 1. Needs an app module when > 1. */
  processes?: number;
  /** Worker threads per process, all on one port. Default 1 (the calling thread serves). */
  workers?: number;
  /** How long in-flight requests may run once a shutdown starts. Default 10 000 ms. */
  graceMs?: number;
  /** Close gracefully and exit 0 on SIGTERM/SIGINT. Default `true`. */
  handleSignals?: boolean;
}

/**
 * Serves a Bolt app on uWebSockets.js and resolves once every process and thread listens.
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
export async function serve(app: BoltAPI | AppModule, options: ServeOptions = {}): Promise<RunningServer> {
  const {
    processes = 1,
    workers = 1,
    graceMs = 10_000,
    handleSignals = true,
    logger,
    ...listenOptions
  } = options;
  loadNative(); // fail here, with the install advice, before any thread or process starts
  let server: RunningServer;
  if (processes === 1 && workers === 1) {
    const api = isAppModule(app) ? await loadApp(app) : app;
    server = await listen(api.compile(), { ...listenOptions, logger });
  } else {
    if (!isAppModule(app)) {
      throw new BoltUwsError(
        UwsErrorCode.OPTIONS_INVALID,
        `serve() with processes=${processes} and workers=${workers} needs the app's module, because every ` +
          "thread imports it: pass { module: new URL('./app.js', import.meta.url), export: 'api' } instead of the api.",
      );
    }
    server = await startCluster({
      app,
      transport: { module: import.meta.resolve('@bolt/transport-uws'), export: 'uwsTransport' },
      listen: listenOptions,
      processes,
      workers,
      graceMs,
      logger,
    });
  }
  if (handleSignals) {
    const remove = closeOnSignals(server, { graceMs, logger });
    const close = server.close.bind(server);
    return {
      url: server.url,
      port: server.port,
      close: (opts) => {
        remove();
        return close(opts);
      },
    };
  }
  return server;
}
