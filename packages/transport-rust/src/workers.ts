/**
 * `workers: W`: W JS worker threads, each importing the app module and attaching its own
 * dispatcher, all fed by one Rust listener and runtime. Rust sends each request to the live
 * worker with the fewest requests in flight. A worker that exits is taken out of rotation (its
 * in-flight requests answer 500) and started again after its slot's back-off (core's
 * RestartScheduler); the new thread attaches as a new worker of the same server.
 */
import { Worker } from 'node:worker_threads';
import { type AppModule, appModuleHref, defaultLogger, loadApp, type RunningServer } from '@bolt/core';
import { RestartPolicy, RestartScheduler } from '@bolt/core/runtime';
import { BoltRustError, RustErrorCode } from './errors.js';
import { loadNative } from './load-native.js';
import { nativePlan } from './native-plan.js';
import { bind, createNativeServer, runningServer } from './native-server.js';
import type { ResolvedOptions } from './options.js';
import type { ParentMessage, WorkerData, WorkerMessage } from './worker-entry.js';

/** How long a worker may take for the app's shutdown handlers before it is terminated. */
const SHUTDOWN_MS = 10_000;
/** `close()`'s grace period when none is given (as in `runningServer`). */
const DEFAULT_GRACE_MS = 10_000;

interface Started {
  worker: Worker;
  index: number;
}

function startWorker(data: WorkerData): Promise<Started> {
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
      else {
        void worker.terminate();
        fail(new Error(msg.type === 'failed' ? msg.message : 'unexpected message'));
      }
    });
  });
}

/** Runs the app's shutdown handlers in `worker`, then ends it (terminated after SHUTDOWN_MS). */
async function shutDown(worker: Worker): Promise<void> {
  const shut = new Promise<void>((resolve) => {
    worker.once('message', () => resolve());
    worker.once('exit', () => resolve());
  });
  worker.postMessage({ type: 'shutdown' } satisfies ParentMessage);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([shut, new Promise<void>((r) => (timer = setTimeout(r, SHUTDOWN_MS)))]);
  clearTimeout(timer);
  await worker.terminate();
}

/** Serves the app module with `opts.workers` worker threads. */
export async function listenWithWorkers(
  spec: AppModule,
  opts: ResolvedOptions,
  reusePort = false,
): Promise<RunningServer> {
  const native = loadNative();
  const app = (await loadApp(spec)).compile();
  const plan = nativePlan(app, opts.nativeForms);
  const serverId = await createNativeServer(native, app, opts, plan);
  const data: WorkerData = {
    nativeKinds: [...plan.kinds],
    serverId,
    href: appModuleHref(spec),
    exportName: spec.export,
    routeCount: app.routes.length,
  };
  const log = defaultLogger();
  const restarts = new RestartScheduler(log, 'worker');
  const live = new Set<Worker>();
  let closing = false;

  // Slot `slot` is running `started`: when it exits on its own, start it again.
  const watch = (slot: number, policy: RestartPolicy, { worker, index }: Started) => {
    live.add(worker);
    worker.on('error', (err) => log.error({ err, worker: slot }, 'bolt(rust): worker thread failed'));
    worker.on('exit', (code) => {
      live.delete(worker);
      native.workerExited(serverId, index);
      if (closing) return;
      restarts.schedule(policy, { worker: slot, code }, () => restart(slot, policy));
    });
  };
  const restart = (slot: number, policy: RestartPolicy) => {
    startWorker(data).then(
      (started) => {
        if (closing) void started.worker.terminate();
        else watch(slot, policy, started);
      },
      (err: unknown) => {
        log.error({ err, worker: slot }, 'bolt(rust): restarting a worker thread failed');
        restarts.schedule(policy, { worker: slot, failed: true }, () => restart(slot, policy));
      },
    );
  };

  let started: Started[];
  try {
    started = await Promise.all(Array.from({ length: opts.workers }, () => startWorker(data)));
  } catch (err) {
    await native.closeServer(serverId, 0);
    throw err;
  }
  for (const [slot, s] of started.entries()) watch(slot, new RestartPolicy(), s);
  const port = bind(native, serverId, opts, reusePort);
  const server = runningServer(native, serverId, opts.host, port, async () => {
    await Promise.all([...live].map(shutDown));
  });
  return {
    url: server.url,
    port: server.port,
    close(o) {
      // No restarts from the moment close begins: Rust is letting go of every worker.
      if (!closing) {
        // Each worker runs its drain handlers and closes its WebSockets (1001) while Rust drains.
        const drain: ParentMessage = { type: 'drain', graceMs: o?.graceMs ?? DEFAULT_GRACE_MS };
        for (const worker of live) worker.postMessage(drain);
      }
      closing = true;
      restarts.close();
      return server.close(o);
    },
  };
}
