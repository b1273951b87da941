/**
 * Start-up and shutdown of one compiled app, which each process and worker thread has its own of:
 * resources the routes use are started first (in first-use order), then `onStartup` handlers run
 * in registration order; a failure stops the server with the cause named. Shutdown runs
 * `onShutdown` handlers, then stops resources in reverse order; its failures are logged, so one
 * broken close cannot keep the others from running.
 */
import { AppErrorCode, BoltAppError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { Resource, ResourceValues } from './dependency.js';
import type { HookSet } from './hook-set.js';

export interface Lifecycle {
  startup(): Promise<void>;
  shutdown(): Promise<void>;
  drain(): void;
}

function describe(fn: unknown): string {
  return typeof fn === 'function' && fn.name ? `"${fn.name}"` : 'an anonymous handler';
}

export function compileLifecycle(
  sets: readonly HookSet[],
  used: ReadonlySet<Resource<unknown>>,
  values: ResourceValues,
  logger: Logger,
): Lifecycle {
  let started: Promise<void> | undefined;
  let stopped: Promise<void> | undefined;
  const startedResources: Resource<unknown>[] = [];

  const startup = async () => {
    startedResources.length = 0;
    for (const resource of used) {
      try {
        values.set(resource, await resource.start());
        startedResources.push(resource);
      } catch (cause) {
        throw new BoltAppError(
          AppErrorCode.STARTUP_FAILED,
          `Resource "${resource.name}" failed to start: ${(cause as Error)?.message ?? cause}. The server does not start; fix the cause (a database URL, a missing file) and start again.`,
          { cause },
        );
      }
    }
    for (const set of sets) {
      for (const handler of set.startup) {
        try {
          await handler();
        } catch (cause) {
          throw new BoltAppError(
            AppErrorCode.STARTUP_FAILED,
            `Start-up handler ${describe(handler)} failed: ${(cause as Error)?.message ?? cause}. The server does not start; fix the cause and start again.`,
            { cause },
          );
        }
      }
    }
  };

  const shutdown = async () => {
    for (const set of sets) {
      for (const handler of set.shutdown) {
        try {
          await handler();
        } catch (err) {
          logger.error({ err }, `Shutdown handler ${describe(handler)} failed`);
        }
      }
    }
    for (const resource of startedResources.reverse()) {
      try {
        await resource.stop?.(values.get(resource));
      } catch (err) {
        logger.error({ err }, `Resource "${resource.name}" failed to stop`);
      }
      values.delete(resource);
    }
  };

  let drained = false;
  const drain = () => {
    if (drained) return;
    drained = true;
    for (const set of sets) {
      for (const handler of set.drain) {
        try {
          const out = handler();
          if (out instanceof Promise)
            out.catch((err) => logger.error({ err }, `Drain handler ${describe(handler)} failed`));
        } catch (err) {
          logger.error({ err }, `Drain handler ${describe(handler)} failed`);
        }
      }
    }
  };

  return {
    drain,
    startup: () => {
      drained = false;
      started ??= startup();
      return started;
    },
    shutdown: () => {
      // After a shutdown the app may start again (served by another engine, say): both reset.
      stopped ??= (started ?? Promise.resolve())
        .catch(() => undefined)
        .then(shutdown)
        .finally(() => {
          started = undefined;
          stopped = undefined;
        });
      return stopped;
    },
  };
}
