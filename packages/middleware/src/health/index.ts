/**
 * health: `GET /health` (the process is alive) and `GET /ready` (it should get traffic: every
 * readiness check passes and no drain has started). A load balancer polls `/ready` and stops
 * sending to an instance that answers 503, which it does from the moment SIGTERM arrives.
 */
import { isMainThread } from 'node:worker_threads';
import { type BoltPlugin, json } from '@bolt/core';
import { check } from '../errors.js';

/** A readiness check: resolve (or return) to pass; throw, reject or return false to fail. */
export type ReadinessCheck = () => unknown;

/** Options of {@link health}. */
export interface HealthOptions {
  /** Liveness path. Default `/health`. */
  path?: string;
  /** Readiness path. Default `/ready`. */
  readyPath?: string;
  /** Readiness checks by name (`{ database: () => db.selectNoFrom(sql`1`.as('x')).execute() }`). Default none. */
  checks?: Readonly<Record<string, ReadinessCheck>>;
  /** A check that takes longer fails, in ms. Default 2000. */
  timeoutMs?: number;
  /**
   * Signals that start a drain (then `/ready` answers 503 while in-flight requests finish).
   * Default `['SIGTERM', 'SIGINT']`; `[]` to call `drain()` yourself. Listened to on the main thread.
   */
  drainSignals?: readonly NodeJS.Signals[];
}

/** The health plugin, with the switch a custom shutdown sequence may flip. */
export interface HealthPlugin extends BoltPlugin {
  /** From now on, `/ready` answers 503 `{"status":"draining"}`. */
  drain(): void;
  readonly draining: boolean;
}

const PASSED = Symbol('passed');

function runCheck(fn: ReadinessCheck, timeoutMs: number): Promise<string | typeof PASSED> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(`timed out after ${timeoutMs} ms`), timeoutMs);
    const done = (value: string | typeof PASSED) => {
      clearTimeout(timer);
      resolve(value);
    };
    try {
      Promise.resolve(fn()).then(
        (value) => done(value === false ? 'failed' : PASSED),
        (error: unknown) => done(error instanceof Error ? error.message : String(error)),
      );
    } catch (error) {
      done(error instanceof Error ? error.message : String(error));
    }
  });
}

/**
 * Liveness and readiness routes.
 *
 * `GET /health` -> 200 `{"status":"ok"}`.
 * `GET /ready` -> 200 `{"status":"ready"}`; 503 `{"status":"unavailable","failing":["database"],"errors":{"database":"..."}}`
 * while a check fails; 503 `{"status":"draining"}` once a drain started.
 *
 * @example
 * api.use(health({ checks: { database: () => db.selectFrom('users').select('id').limit(1).execute() } }));
 */
export function health(options: HealthOptions = {}): HealthPlugin {
  const timeoutMs = options.timeoutMs ?? 2000;
  check(
    Number.isFinite(timeoutMs) && timeoutMs > 0,
    'health',
    'timeoutMs',
    'a positive number of milliseconds',
  );
  const checks = Object.entries(options.checks ?? {});
  for (const [name, fn] of checks) check(typeof fn === 'function', 'health', `checks.${name}`, 'a function');
  const signals = options.drainSignals ?? ['SIGTERM', 'SIGINT'];
  let draining = false;
  const drain = () => {
    draining = true;
  };
  return {
    name: 'health',
    drain,
    get draining() {
      return draining;
    },
    register(api) {
      api.get(options.path ?? '/health', () => ({ status: 'ok' }));
      api.get(options.readyPath ?? '/ready', async () => {
        if (draining) return json({ status: 'draining' }, { status: 503 });
        const results = await Promise.all(checks.map(([, fn]) => runCheck(fn, timeoutMs)));
        const errors: Record<string, string> = {};
        checks.forEach(([name], i) => {
          const result = results[i];
          if (result !== PASSED && result !== undefined) errors[name] = result;
        });
        const failing = Object.keys(errors);
        if (draining) return json({ status: 'draining' }, { status: 503 });
        if (failing.length === 0) return { status: 'ready' };
        return json({ status: 'unavailable', failing, errors }, { status: 503 });
      });
      // However the drain is asked for (a signal in this process, the supervisor over IPC in a child
      // process, a worker thread's close, `server.close()`), the engine tells the app: readiness flips.
      api.onDrain(drain);
      // A server started again (the same app on another engine, a restarted worker) is ready again.
      api.onStartup(() => {
        draining = false;
      });
      if (signals.length > 0 && isMainThread) {
        // Beside the runtime's own handler (which stops accepting and drains): this one only flips
        // readiness, so requests that still arrive during the drain learn to go elsewhere. Alone
        // (no runtime handler), it must not swallow the signal: it re-raises it for the default exit.
        const onSignal = (signal: NodeJS.Signals) => {
          drain();
          if (process.listenerCount(signal) === 1) {
            process.off(signal, onSignal);
            process.kill(process.pid, signal);
          }
        };
        api.onStartup(() => {
          for (const signal of signals) process.prependListener(signal, onSignal);
        });
        api.onShutdown(() => {
          for (const signal of signals) process.off(signal, onSignal);
        });
      }
    },
  };
}
