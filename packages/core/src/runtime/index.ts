/**
 * @bolt/core/runtime: the one runtime every engine's `serve()` uses (`serveApp`): options and
 * defaults, processes x worker threads on one port, restarts with back-off, signals, drains, and
 * the app's start-up and shutdown handlers around each listener.
 *
 * @example
 * import { serveApp, type Engine } from '@bolt/core/runtime';
 * export const serve = (app, opts = {}) => serveApp(app, opts, engine);
 */
export { type AppModule, appModuleHref, isAppModule } from './app-module.js';
export { type Engine, hasOwnWorkers, type SharedPortOptions, type WorkersTransport } from './engine.js';
export { BoltRuntimeError, RuntimeErrorCode } from './errors.js';
export { freePort } from './free-port.js';
export { type Closable, closeOnSignals, type ShutdownOptions } from './graceful-shutdown.js';
export { InFlight } from './in-flight.js';
export { withLifecycle } from './lifecycle.js';
export { loadApp } from './load-app.js';
export { RestartPolicy, RestartScheduler } from './restart-policy.js';
export { serveApp } from './serve-app.js';
export { type RuntimeOptions, resolveServeOptions, type ServeOptions } from './serve-options.js';
export { type SpawnWorkersOptions, spawnWorkers, type WorkerPool } from './spawn-workers.js';
export { type ClusterOptions, startCluster } from './start-cluster.js';
export {
  type ProcessGroup,
  type ProcessMessage,
  type SuperviseOptions,
  superviseProcesses,
} from './supervise-processes.js';
export { loadTransport, type TransportModule } from './transport-module.js';
export type { WorkerData, WorkerMessage } from './worker-main.js';
