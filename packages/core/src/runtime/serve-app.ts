/**
 * `serveApp`: the one `serve()` behind every engine. Same options, defaults and behaviour on
 * node:http, uWS and Rust: one thread, W threads or P processes; drain on SIGTERM/SIGINT by default.
 */
import type { BoltAPI } from '../api/bolt-api.js';
import type { ListenOptions, RunningServer } from '../transport/contract.js';
import { type AppModule, isAppModule } from './app-module.js';
import type { Engine } from './engine.js';
import { BoltRuntimeError, RuntimeErrorCode } from './errors.js';
import { closeOnSignals } from './graceful-shutdown.js';
import { loadApp } from './load-app.js';
import { resolveServeOptions, type ServeOptions } from './serve-options.js';
import { startCluster } from './start-cluster.js';

/**
 * Serves `app` on `engine` and resolves once every process and thread listens (their start-up
 * handlers done). Rejects, with nothing left listening, when one fails to start.
 *
 * @example
 * // an engine's serve():
 * export const serve = (app: BoltAPI | AppModule, opts: UwsServeOptions = {}) => serveApp(app, opts, uwsEngine);
 */
export async function serveApp<O extends ListenOptions>(
  app: BoltAPI | AppModule,
  options: ServeOptions & O,
  engine: Engine<O>,
): Promise<RunningServer> {
  const { runtime, listen } = resolveServeOptions(options);
  const { processes, workers, graceMs, logger } = runtime;
  let server: RunningServer;
  if (processes === 1 && workers === 1) {
    const api = isAppModule(app) ? await loadApp(app) : app;
    // In this thread the logger object itself reaches the engine; processes and threads use their own.
    server = await engine.transport.listen(api.compile(), { ...listen, logger } as unknown as O);
  } else {
    if (!isAppModule(app)) {
      throw new BoltRuntimeError(
        RuntimeErrorCode.NEEDS_MODULE,
        `serve() with processes=${processes} and workers=${workers} needs the app's module, because every ` +
          "process and thread imports it: pass { module: new URL('./app.js', import.meta.url), export: 'api' } instead of the api.",
      );
    }
    if (engine.cannotSharePort) {
      throw new BoltRuntimeError(
        RuntimeErrorCode.PORT_SHARING_UNSUPPORTED,
        `serve() with processes=${processes} and workers=${workers}: ${engine.cannotSharePort}`,
      );
    }
    server = await startCluster({
      app,
      transport: engine.module,
      listen: listen as ListenOptions & Record<string, unknown>,
      processes,
      workers,
      graceMs,
      logger,
    });
  }
  const remove = runtime.handleSignals ? closeOnSignals(server, { graceMs, logger }) : () => {};
  // Keeps the server's own members (a pool's `restarts`, `pids`) while close() defaults to `graceMs`
  // and stops listening for signals.
  const served = Object.create(server) as RunningServer;
  Object.defineProperty(served, 'close', {
    value: (opts?: { graceMs?: number }) => {
      remove();
      return server.close({ graceMs: opts?.graceMs ?? graceMs });
    },
  });
  return served;
}
