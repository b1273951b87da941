/**
 * Creating, binding and closing one native server, shared by the single-thread and the worker
 * set-ups. The RunningServer it returns closes once, however often `close()` is called.
 */
import type { RunningServer } from '@bolt/core';
import type { CompiledApp } from '@bolt/core/transport';
import { BoltRustError, RustErrorCode } from './errors.js';
import { nativeConfig } from './native-config.js';
import type { NativePlan } from './native-plan.js';
import type { NativeBinding } from './native-types.js';
import type { ResolvedOptions } from './options.js';

/** Registers `app`'s routes and fixed answers with Rust; returns the server id. */
export async function createNativeServer(
  native: NativeBinding,
  app: CompiledApp,
  opts: ResolvedOptions,
  plan?: NativePlan,
): Promise<number> {
  const config = nativeConfig(app, opts, plan);
  try {
    return native.createServer(config);
  } catch (cause) {
    throw new BoltRustError(
      RustErrorCode.ROUTES,
      `The Rust router rejected the app's routes: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
}

/** Binds the server; `reusePort` lets several processes share the port. Returns the bound port. */
export function bind(
  native: NativeBinding,
  serverId: number,
  opts: ResolvedOptions,
  reusePort: boolean,
): number {
  try {
    return native.listen(serverId, opts.host, opts.port, reusePort);
  } catch (cause) {
    void native.closeServer(serverId, 0);
    throw new BoltRustError(
      RustErrorCode.LISTEN,
      `Cannot listen on ${opts.host}:${opts.port}: ${(cause as Error).message}. Pick another port or stop what holds it.`,
      { cause },
    );
  }
}

/** The RunningServer for a bound native server; `afterClose` runs once Rust has let go. */
export function runningServer(
  native: NativeBinding,
  serverId: number,
  host: string,
  port: number,
  afterClose: () => Promise<void> = async () => undefined,
): RunningServer {
  const shown = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shown}:${port}`,
    port,
    close({ graceMs = 10_000 } = {}) {
      closing ??= native.closeServer(serverId, graceMs).then(afterClose);
      return closing;
    },
  };
}
