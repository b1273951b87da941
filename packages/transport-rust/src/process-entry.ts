/**
 * Entry of each process started by `processes: P`: binds with SO_REUSEPORT, reports ready to the
 * supervisor, and drains when asked (IPC `bolt:close`) or signalled.
 */
import { defaultLogger, loadApp, type RunningServer } from '@bolt/core';
import { closeOnSignals } from '@bolt/core/runtime';
import type { ResolvedOptions } from './options.js';
import { listenInThread } from './rust-transport.js';
import { listenWithWorkers } from './workers.js';

/** Environment variable carrying the JSON {@link ProcessConfig} to each process. */
export const PROCESS_ENV = 'BOLT_RUST_PROCESS';

/** What each process needs to start its share. */
export interface ProcessConfig {
  spec: { href: string; exportName: string | undefined };
  opts: ResolvedOptions;
}

async function main(config: ProcessConfig): Promise<void> {
  const log = defaultLogger();
  let server: RunningServer;
  try {
    const spec = { module: config.spec.href, export: config.spec.exportName };
    server =
      config.opts.workers > 1
        ? await listenWithWorkers(spec, config.opts, true)
        : await listenInThread((await loadApp(spec)).compile(), config.opts, true);
  } catch (error) {
    const e = error as Error & { code?: string };
    process.send?.({ type: 'bolt:failed', message: e.message, code: e.code });
    log.error({ err: error }, 'bolt(rust): process failed to start');
    process.exitCode = 1;
    process.disconnect?.();
    return;
  }
  closeOnSignals(server, { graceMs: 10_000, logger: log });
  process.on('message', (message: { type?: string; graceMs?: number }) => {
    if (message.type !== 'bolt:close') return;
    void server.close({ graceMs: message.graceMs }).then(() => process.exit(0));
  });
  // Only signals and the supervisor end this process; the IPC channel must not keep it alive.
  process.channel?.unref();
  process.send?.({ type: 'bolt:ready', port: server.port, url: server.url, pid: process.pid });
}

const raw = process.env[PROCESS_ENV];
if (raw && process.send) void main(JSON.parse(raw) as ProcessConfig);
