/**
 * A worker thread: imports the app module, compiles it and attaches its dispatcher to the server
 * its parent created. From then on Rust calls it directly; this file does nothing per request.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadApp } from '@bolt/core';
import { createDispatch } from './dispatch.js';
import { loadNative } from './load-native.js';
import type { WorkerPort } from './native-types.js';

/** What the parent hands each worker. */
export interface WorkerData {
  serverId: number;
  href: string;
  exportName: string | undefined;
  routeCount: number;
}

/** What a worker tells its parent once. */
export type WorkerMessage = { type: 'ready'; index: number } | { type: 'failed'; message: string };

async function main(data: WorkerData): Promise<WorkerMessage> {
  const app = (await loadApp({ module: data.href, export: data.exportName })).compile();
  if (app.routes.length !== data.routeCount) {
    return {
      type: 'failed',
      message: `the app has ${app.routes.length} routes here but ${data.routeCount} in the parent`,
    };
  }
  const holder: { port?: WorkerPort } = {};
  holder.port = loadNative().attachWorker(
    data.serverId,
    createDispatch(app, () => holder.port as WorkerPort),
  );
  return { type: 'ready', index: holder.port.index };
}

if (parentPort) {
  const port = parentPort;
  main(workerData as WorkerData).then(
    (msg) => port.postMessage(msg),
    (err: unknown) => port.postMessage({ type: 'failed', message: String((err as Error)?.stack ?? err) }),
  );
}
