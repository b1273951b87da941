/**
 * @bolt/core/runtime: the transport-agnostic plumbing for running an app on many cores: app and
 * transport modules, worker threads, supervised processes, in-flight tracking and graceful shutdown.
 *
 * @example
 * import { startCluster, closeOnSignals } from '@bolt/core/runtime';
 * const server = await startCluster({ app, transport, listen: { port: 8000 }, processes: 2, workers: 2 });
 * closeOnSignals(server);
 */
export { type AppModule, appModuleHref, isAppModule } from './app-module.js';
export { freePort } from './free-port.js';
export { type Closable, closeOnSignals, type ShutdownOptions } from './graceful-shutdown.js';
export { InFlight } from './in-flight.js';
export { loadApp } from './load-app.js';
export { RestartPolicy, RestartScheduler } from './restart-policy.js';
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
