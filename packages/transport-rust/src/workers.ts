/**
 * `workers: W`: W JS worker threads, each importing the app module and attaching its own
 * dispatcher, all fed by one Rust listener and runtime. Rust sends each request to the live
 * worker with the fewest requests in flight; a worker that exits is taken out of rotation.
 */
import { Worker } from 'node:worker_threads';
import { type AppModule, appModuleHref, defaultLogger, loadApp, type RunningServer } from '@bolt/core';
import { BoltRustError, RustErrorCode } from './errors.js';
import { loadNative } from './load-native.js';
import { bind, createNativeServer, runningServer } from './native-server.js';
import type { ResolvedOptions } from './options.js';
import type { WorkerData, WorkerMessage } from './worker-entry.js';

function startWorker(data: WorkerData): Promise<{ worker: Worker; index: number }> {
  const worker = new Worker(new URL('./worker-entry.js', import.meta.url), { workerData: data });
  return new Promise((resolve, reject) => {
    const fail = (cause: unknown) =>
      reject(
        new BoltRustError(
          RustErrorCode.WORKER_START,
          `A worker thread failed to load ${data.href}: ${String(cause)}`,
          { cause },
        ),
      );
    worker.once('error', fail);
    worker.once('exit', (code) => fail(new Error(`exited with code ${code} before it was ready`)));
    worker.once('message', (msg: WorkerMessage) => {
      worker.removeAllListeners('error');
      worker.removeAllListeners('exit');
      if (msg.type === 'ready') resolve({ worker, index: msg.index });
      else fail(new Error(msg.message));
    });
  });
}

/** Serves the app module with `opts.workers` worker threads. */
export async function listenWithWorkers(
  spec: AppModule,
  opts: ResolvedOptions,
  reusePort = false,
): Promise<RunningServer> {
  const native = loadNative();
  const app = (await loadApp(spec)).compile();
  const serverId = await createNativeServer(native, app, opts);
  const data: WorkerData = {
    serverId,
    href: appModuleHref(spec),
    exportName: spec.export,
    routeCount: app.routes.length,
  };
  let started: { worker: Worker; index: number }[];
  try {
    started = await Promise.all(Array.from({ length: opts.workers }, () => startWorker(data)));
  } catch (err) {
    await native.closeServer(serverId, 0);
    throw err;
  }
  const log = defaultLogger();
  let closing = false;
  for (const { worker, index } of started) {
    worker.on('error', (err) => log.error({ err, worker: index }, 'bolt(rust): worker thread failed'));
    worker.on('exit', (code) => {
      native.workerExited(serverId, index);
      if (!closing)
        log.error({ worker: index, code }, 'bolt(rust): worker thread exited; taken out of rotation');
    });
  }
  const port = bind(native, serverId, opts, reusePort);
  return runningServer(native, serverId, opts.host, port, async () => {
    closing = true;
    await Promise.all(started.map(({ worker }) => worker.terminate()));
  });
}
