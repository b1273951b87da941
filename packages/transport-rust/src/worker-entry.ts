/**
 * A worker thread: imports the app module, compiles it, runs its start-up handlers and attaches
 * its dispatcher to the server its parent created. From then on Rust calls it directly; this
 * file does nothing per request. When the parent starts closing it sends `drain`: the app's drain
 * handlers run and its WebSockets are closed with 1001 (core's `closeAll`), as `withLifecycle` does
 * on a single thread. When the parent has drained the server it sends `shutdown`: once the sockets
 * are closed, the app's shutdown handlers run here, then the thread ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadApp } from '@bolt/core';
import type { CompiledApp } from '@bolt/core/transport';
import { createDispatch } from './dispatch.js';
import { loadNative } from './load-native.js';
import type { WorkerPort } from './native-types.js';

/** What the parent hands each worker. */
export interface WorkerData {
  serverId: number;
  href: string;
  exportName: string | undefined;
  routeCount: number;
  /** The native form kinds Rust runs: this thread serves the app without their hooks. */
  nativeKinds: string[];
}

/** What a worker tells its parent: once `ready` or `failed`, then `shut` after `shutdown`. */
export type WorkerMessage =
  | { type: 'ready'; index: number }
  | { type: 'failed'; message: string }
  | { type: 'shut'; error?: string };

/** What the parent tells a worker: `drain` when close begins, `shutdown` once the server drained. */
export type ParentMessage = { type: 'drain'; graceMs: number } | { type: 'shutdown' };

async function main(data: WorkerData): Promise<{ app: CompiledApp; message: WorkerMessage }> {
  const compiled = (await loadApp({ module: data.href, export: data.exportName })).compile();
  const app: CompiledApp = data.nativeKinds.length ? compiled.withNative(data.nativeKinds) : compiled;
  if (app.routes.length !== data.routeCount) {
    return {
      app,
      message: {
        type: 'failed',
        message: `the app has ${app.routes.length} routes here but ${data.routeCount} in the parent`,
      },
    };
  }
  await app.startup();
  const holder: { port?: WorkerPort } = {};
  holder.port = loadNative().attachWorker(
    data.serverId,
    createDispatch(app, () => holder.port as WorkerPort),
  );
  return { app, message: { type: 'ready', index: holder.port.index } };
}

if (parentPort) {
  const port = parentPort;
  main(workerData as WorkerData).then(
    ({ app, message }) => {
      let socketsClosed: Promise<void> | undefined;
      const drain = (graceMs: number) => {
        if (socketsClosed) return socketsClosed;
        app.drain();
        socketsClosed = app.webSockets.closeAll(graceMs);
        return socketsClosed;
      };
      // Listening keeps this thread alive after Rust lets go of it at close, until `shutdown`.
      port.on('message', (msg: ParentMessage) => {
        if (msg.type === 'drain') {
          void drain(msg.graceMs);
          return;
        }
        // A shutdown without a drain first (the parent's close was cut short) still closes the sockets.
        drain(0)
          .then(() => app.shutdown())
          .then(
            () => port.postMessage({ type: 'shut' } satisfies WorkerMessage),
            (err: unknown) => port.postMessage({ type: 'shut', error: String(err) } satisfies WorkerMessage),
          );
      });
      port.postMessage(message);
    },
    (err: unknown) => port.postMessage({ type: 'failed', message: String((err as Error)?.stack ?? err) }),
  );
}
