/**
 * `processes: P`: P supervised child processes (core's `superviseProcesses`: crashed ones are
 * forked again), each a full Rust server with `workers` threads, all bound to one port with
 * SO_REUSEPORT so the kernel spreads connections.
 */
import { type AppModule, appModuleHref, defaultLogger, type RunningServer } from '@bolt/core';
import { freePort, superviseProcesses } from '@bolt/core/runtime';
import type { ResolvedOptions } from './options.js';
import { PROCESS_ENV, type ProcessConfig } from './process-entry.js';

/** Serves the app module in `opts.processes` processes sharing one port. */
export async function listenWithProcesses(spec: AppModule, opts: ResolvedOptions): Promise<RunningServer> {
  const port = opts.port === 0 ? await freePort(opts.host) : opts.port;
  const config: ProcessConfig = {
    spec: { href: appModuleHref(spec), exportName: spec.export },
    opts: { ...opts, port, processes: 1 },
  };
  const group = await superviseProcesses({
    entry: new URL('./process-entry.js', import.meta.url),
    count: opts.processes,
    env: { [PROCESS_ENV]: JSON.stringify(config) },
    logger: defaultLogger(),
  });
  const shown = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return { url: `http://${shown}:${port}`, port, close: (o) => group.close(o) };
}
