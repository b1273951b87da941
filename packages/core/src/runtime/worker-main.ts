/**
 * Entry of every worker thread started by spawnWorkers: imports the app module and the transport,
 * listens, reports ready, and closes gracefully when the parent asks.
 */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { defaultLogger } from '../log/logger.js';
import type { ListenOptions, RunningServer } from '../transport/contract.js';
import { loadApp } from './load-app.js';
import { loadTransport, type TransportModule } from './transport-module.js';

/** What a worker receives; everything structured-cloneable. */
export interface WorkerData {
  app: { module: string; export?: string };
  transport: TransportModule;
  listen: ListenOptions & Record<string, unknown>;
}

/** Messages between a worker and its pool. */
export type WorkerMessage =
  | { type: 'bolt:ready'; port: number; url: string; threadId: number }
  | { type: 'bolt:failed'; message: string; code: string | undefined }
  | { type: 'bolt:close'; graceMs: number };

const port = parentPort;
if (port) {
  const data = workerData as WorkerData;
  let server: RunningServer;
  try {
    const api = await loadApp(data.app);
    const transport = await loadTransport(data.transport);
    server = await transport.listen(api.compile(), data.listen);
  } catch (error) {
    // Reported as data, so the pool can reject serve() with this thread's own message and code.
    const e = error as Error & { code?: string };
    port.postMessage({
      type: 'bolt:failed',
      message: e?.message ?? String(error),
      code: e?.code,
    } satisfies WorkerMessage);
    process.exit(1);
  }
  // A native server's sockets must be closed before the thread dies, or Node aborts the whole process
  // ("uv_loop_close() while having open handles"): close, then exit non-zero so the pool restarts us.
  process.on('uncaughtException', (error) => {
    defaultLogger().error({ err: error, threadId }, 'bolt: uncaught exception in worker; restarting it');
    server.close({ graceMs: 0 }).finally(() => process.exit(1));
  });
  port.on('message', (message: WorkerMessage) => {
    if (message.type !== 'bolt:close') return;
    server.close({ graceMs: message.graceMs }).then(() => process.exit(0));
  });
  port.postMessage({
    type: 'bolt:ready',
    port: server.port,
    url: server.url,
    threadId,
  } satisfies WorkerMessage);
}
