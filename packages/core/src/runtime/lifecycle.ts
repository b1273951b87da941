/**
 * The app's start-up and shutdown handlers around an engine's listener, once per process and
 * worker thread: startup before the first connection is accepted, shutdown after the drain.
 */
import { AppErrorCode, BoltAppError } from '../errors.js';
import type { CompiledApp, RunningServer } from '../transport/contract.js';

/**
 * Awaits `app.startup()`, then `listen()`; the server it returns runs `app.shutdown()` once, after
 * its own close has drained. A failing start-up handler rejects with BOLT_ERR_STARTUP_FAILED (the
 * cause kept), and nothing listens.
 *
 * @example
 * // inside an engine's Transport.listen:
 * return withLifecycle(app, () => bindAndServe(app, opts));
 */
export async function withLifecycle(
  app: CompiledApp,
  listen: () => Promise<RunningServer>,
): Promise<RunningServer> {
  try {
    await app.startup();
  } catch (cause) {
    // Core's lifecycle already names the failing handler or resource; anything else is wrapped.
    if ((cause as { code?: unknown })?.code === AppErrorCode.STARTUP_FAILED) throw cause;
    throw new BoltAppError(
      AppErrorCode.STARTUP_FAILED,
      `The app failed to start: ${(cause as Error)?.message ?? String(cause)}. The server does not start; fix the cause and start again.`,
      { cause },
    );
  }
  let server: RunningServer;
  try {
    server = await listen();
  } catch (error) {
    // Resources opened by start-up handlers are released even when the port cannot be bound.
    await app.shutdown().catch(() => undefined);
    throw error;
  }
  let closed: Promise<void> | undefined;
  return {
    url: server.url,
    port: server.port,
    close(opts) {
      if (!closed) app.drain();
      // WebSockets get their 1001 close while the engine drains its HTTP requests.
      closed ??= Promise.all([server.close(opts), app.webSockets.closeAll(opts?.graceMs)]).then(() =>
        app.shutdown(),
      );
      return closed;
    },
  };
}
