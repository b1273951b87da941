/**
 * Starts W worker threads that each import the app module and a transport and listen on the same
 * port (SO_REUSEPORT spreads connections on Linux). A crashed worker is logged and started again.
 */
import { Worker } from 'node:worker_threads';
import { defaultLogger, type Logger } from '../log/logger.js';
import type { ListenOptions, RunningServer } from '../transport/contract.js';
import { type AppModule, appModuleHref } from './app-module.js';
import { RestartPolicy, RestartScheduler } from './restart-policy.js';
import type { TransportModule } from './transport-module.js';
import type { WorkerData, WorkerMessage } from './worker-main.js';

/** Options of {@link spawnWorkers}. */
export interface SpawnWorkersOptions {
  /** Number of worker threads (at least 1). */
  count: number;
  app: AppModule;
  transport: TransportModule;
  /** Passed to `transport.listen` in each worker: must be structured-cloneable, with a fixed port. */
  listen: ListenOptions & Record<string, unknown>;
  logger?: Logger;
}

/** Running workers; `close` drains them all. */
export interface WorkerPool extends RunningServer {
  /** Thread ids of the live workers. */
  readonly threadIds: readonly number[];
  /** How many crashed workers were started again. */
  readonly restarts: number;
}

interface Slot {
  worker: Worker | undefined;
  threadId: number;
  policy: RestartPolicy;
  exited: Promise<void>;
}

/**
 * Starts `count` workers and resolves once each listens; rejects (and stops the others) if one
 * fails to start.
 *
 * @example
 * const pool = await spawnWorkers({ count: 2, app: { module: appUrl, export: 'api' },
 *   transport: { module: import.meta.resolve('@bolt/transport-uws'), export: 'uwsTransport' },
 *   listen: { host: '127.0.0.1', port: 8000 } });
 */
export async function spawnWorkers(options: SpawnWorkersOptions): Promise<WorkerPool> {
  const log = options.logger ?? defaultLogger();
  const data: WorkerData = {
    app: { module: appModuleHref(options.app), export: options.app.export },
    transport: options.transport,
    listen: options.listen,
  };
  const entry = new URL('./worker-main.js', import.meta.url);
  const slots: Slot[] = [];
  let ready = { port: 0, url: '' };

  const restarter = new RestartScheduler(log, 'worker');

  // `initial`: a failure rejects (serve() fails); later, a worker that dies, even while starting
  // again, is restarted with back-off.
  const start = (slot: Slot, initial: boolean): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(entry, { workerData: data });
      const threadId = worker.threadId; // read now: -1 once the thread has exited
      let listening = false;
      let failure: unknown;
      slot.worker = worker;
      slot.exited = new Promise((done) => worker.once('exit', () => done()));
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'bolt:failed') {
          failure = Object.assign(new Error(message.message), { code: message.code });
          return;
        }
        if (message.type !== 'bolt:ready') return;
        listening = true;
        slot.threadId = message.threadId;
        ready = { port: message.port, url: message.url };
        resolve();
      });
      worker.on('error', (error) => {
        failure = error;
        if (listening) log.error({ err: error, threadId }, 'bolt: worker crashed');
      });
      worker.on('exit', (code) => {
        slot.worker = undefined;
        if (!listening && initial) {
          reject(failure ?? new Error(`bolt: worker exited with code ${code} before listening`));
          return;
        }
        if (!listening) resolve(); // a failed restart: logged below, retried with back-off
        restarter.schedule(
          slot.policy,
          { code, threadId, err: listening ? undefined : failure },
          () => void start(slot, false),
        );
      });
    });

  const closeAll = async (graceMs: number): Promise<void> => {
    restarter.close();
    await Promise.all(
      slots.map(async (slot) => {
        const worker = slot.worker;
        if (!worker) return;
        worker.postMessage({ type: 'bolt:close', graceMs } satisfies WorkerMessage);
        const timer = setTimeout(() => void worker.terminate(), graceMs + 2_000);
        await slot.exited;
        clearTimeout(timer);
      }),
    );
  };

  for (let i = 0; i < Math.max(1, options.count); i++) {
    slots.push({ worker: undefined, threadId: 0, policy: new RestartPolicy(), exited: Promise.resolve() });
  }
  try {
    await Promise.all(slots.map((slot) => start(slot, true)));
  } catch (error) {
    await closeAll(0);
    throw error;
  }
  let closed: Promise<void> | undefined;
  return {
    get url() {
      return ready.url;
    },
    get port() {
      return ready.port;
    },
    get threadIds() {
      return slots.filter((s) => s.worker).map((s) => s.threadId);
    },
    get restarts() {
      return restarter.restarts;
    },
    close({ graceMs = 10_000 } = {}) {
      closed ??= closeAll(graceMs);
      return closed;
    },
  };
}
