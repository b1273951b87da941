/**
 * Runs an app on any transport as P processes x W worker threads on one port, or in this thread
 * when both are 1. Transports' `serve` functions are thin wrappers around this.
 */
import { defaultLogger, type Logger } from '../log/logger.js';
import type { ListenOptions, RunningServer } from '../transport/contract.js';
import { type AppModule, appModuleHref } from './app-module.js';
import { CLUSTER_ENV } from './cluster-env.js';
import { hasOwnWorkers, type SharedPortOptions } from './engine.js';
import { freePort } from './free-port.js';
import { loadApp } from './load-app.js';
import { spawnWorkers } from './spawn-workers.js';
import { superviseProcesses } from './supervise-processes.js';
import { loadTransport, type TransportModule } from './transport-module.js';

/** Options of {@link startCluster}. Everything but `logger` must be JSON-serializable. */
export interface ClusterOptions {
  app: AppModule;
  transport: TransportModule;
  /** Passed to `transport.listen` in every thread. Port 0 with P or W > 1: one free port is picked. */
  listen: ListenOptions & SharedPortOptions & Record<string, unknown>;
  /** OS processes. Default 1. */
  processes?: number;
  /** Worker threads per process. Default 1 (the app runs in the process's main thread). */
  workers?: number;
  /** Grace period each forked process uses on SIGTERM or when its supervisor is gone. Default 10 000 ms. */
  graceMs?: number;
  logger?: Logger;
}

/**
 * Starts the cluster and resolves once every process and worker listens.
 *
 * @example
 * const server = await startCluster({
 *   app: { module: new URL('./app.js', import.meta.url), export: 'api' },
 *   transport: { module: import.meta.resolve('@bolt/transport-uws'), export: 'uwsTransport' },
 *   listen: { host: '127.0.0.1', port: 8000 }, processes: 2, workers: 2,
 * });
 */
export async function startCluster(options: ClusterOptions): Promise<RunningServer> {
  const processes = Math.max(1, Math.floor(options.processes ?? 1));
  const workers = Math.max(1, Math.floor(options.workers ?? 1));
  const host = options.listen.host ?? '127.0.0.1';
  let port = options.listen.port ?? 8000;
  if (port === 0 && (processes > 1 || workers > 1)) port = await freePort(host);
  const transport = processes > 1 ? undefined : await loadTransport(options.transport);
  const ownWorkers = transport !== undefined && hasOwnWorkers(transport);
  // Listeners that share the port must all say so (SO_REUSEPORT); a forked process inherits the flag.
  const shared = processes > 1 || (workers > 1 && !ownWorkers) || options.listen.reusePort === true;
  const listen = { ...options.listen, host, port, ...(shared ? { reusePort: true } : {}) };
  const app = { module: appModuleHref(options.app), export: options.app.export };
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  if (processes > 1 || !transport) {
    const { logger: _logger, ...serializable } = options;
    const group = await superviseProcesses({
      entry: new URL('./process-main.js', import.meta.url),
      count: processes,
      env: { [CLUSTER_ENV]: JSON.stringify({ ...serializable, app, listen, processes: 1, workers }) },
      logger: options.logger ?? defaultLogger(),
    });
    return {
      url,
      port,
      get pids() {
        return group.pids;
      },
      get restarts() {
        return group.restarts;
      },
      close: (opts) => group.close(opts),
    } as RunningServer;
  }
  if (workers > 1 && hasOwnWorkers(transport)) return transport.listenWorkers(app, listen, workers);
  if (workers > 1) {
    return spawnWorkers({
      count: workers,
      app,
      transport: options.transport,
      listen,
      logger: options.logger,
    });
  }
  const api = await loadApp(app);
  return transport.listen(api.compile(), listen);
}
