/**
 * Forks P OS processes of an entry script and keeps them up: a crashed process is logged and forked
 * again; `close` asks each to drain its own requests (over IPC, else SIGTERM) and waits for the exits.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defaultLogger, type Logger } from '../log/logger.js';
import { RestartPolicy, RestartScheduler } from './restart-policy.js';

/** Options of {@link superviseProcesses}. */
export interface SuperviseOptions {
  /** The script each process runs (path or file URL). It must send `{ type: 'bolt:ready' }` over IPC. */
  entry: string | URL;
  /** Number of processes (at least 1). */
  count: number;
  /** Added to the parent's environment. */
  env?: Record<string, string>;
  args?: string[];
  logger?: Logger;
}

/** Messages a supervised process sends its parent. */
export type ProcessMessage =
  | { type: 'bolt:ready'; port: number; url: string; pid: number }
  | { type: 'bolt:failed'; message: string; code?: string };

/** Supervised processes. */
export interface ProcessGroup {
  /** Pids of the live processes. */
  readonly pids: readonly number[];
  /** How many crashed processes were forked again. */
  readonly restarts: number;
  /** Asks each to drain (IPC, else SIGTERM), then waits for them to exit (SIGKILL after `graceMs` + 5 s). */
  close(opts?: { graceMs?: number }): Promise<void>;
}

interface Slot {
  child: ChildProcess | undefined;
  policy: RestartPolicy;
  exited: Promise<void>;
}

/** A startup failure reported by a child, with the child's error code kept. */
class ChildStartError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/**
 * Forks `count` processes and resolves once each reported ready; rejects (and stops the others)
 * when one fails to start.
 *
 * @example
 * const group = await superviseProcesses({ entry: new URL('./main.js', import.meta.url), count: 2 });
 * await group.close({ graceMs: 5000 });
 */
export async function superviseProcesses(options: SuperviseOptions): Promise<ProcessGroup> {
  const log = options.logger ?? defaultLogger();
  const entry = options.entry instanceof URL ? fileURLToPath(options.entry) : options.entry;
  const env = { ...process.env, ...options.env };
  const slots: Slot[] = [];

  const restarter = new RestartScheduler(log, 'process');

  // `initial`: a failure rejects (serve() fails); later, a process that dies, even while starting
  // again, is forked again with back-off.
  const start = (slot: Slot, initial: boolean): Promise<void> =>
    new Promise((resolve, reject) => {
      const child = fork(entry, options.args ?? [], { env, stdio: 'inherit' });
      let ready = false;
      let failure: Error | undefined;
      slot.child = child;
      slot.exited = new Promise((done) => child.once('exit', () => done()));
      child.on('message', (message: ProcessMessage) => {
        if (message.type === 'bolt:ready') {
          ready = true;
          resolve();
        } else if (message.type === 'bolt:failed') {
          failure = new ChildStartError(message.message, message.code);
        }
      });
      child.on('error', (error) => log.error({ err: error, pid: child.pid }, 'bolt: process error'));
      child.on('exit', (code, signal) => {
        slot.child = undefined;
        if (!ready && initial) {
          reject(failure ?? new Error(`bolt: process exited (${signal ?? code}) before listening`));
          return;
        }
        if (!ready) resolve(); // a failed restart: logged below, retried with back-off
        restarter.schedule(
          slot.policy,
          { pid: child.pid, code, signal, err: ready ? undefined : failure },
          () => void start(slot, false),
        );
      });
    });

  const closeAll = async (graceMs: number): Promise<void> => {
    restarter.close();
    await Promise.all(
      slots.map(async (slot) => {
        const child = slot.child;
        if (!child) return;
        if (child.connected) child.send({ type: 'bolt:close', graceMs });
        else child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs + 5_000);
        await slot.exited;
        clearTimeout(timer);
      }),
    );
  };

  for (let i = 0; i < Math.max(1, options.count); i++) {
    slots.push({ child: undefined, policy: new RestartPolicy(), exited: Promise.resolve() });
  }
  try {
    await Promise.all(slots.map((slot) => start(slot, true)));
  } catch (error) {
    await closeAll(0);
    throw error;
  }
  let closed: Promise<void> | undefined;
  return {
    get pids() {
      return slots.flatMap((s) => (s.child?.pid ? [s.child.pid] : []));
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
