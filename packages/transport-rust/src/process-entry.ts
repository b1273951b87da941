/**
 * A server process started by `processes: P`: binds with SO_REUSEPORT, reports its port, and
 * closes gracefully when its parent asks (or exits with it).
 */
import type { RunningServer } from '@bolt/core';
import type { ResolvedOptions } from './options.js';
import { listenWithWorkers } from './workers.js';

/** The parent's request. */
export interface ListenRequest {
  type: 'listen';
  spec: { href: string; exportName: string | undefined };
  opts: ResolvedOptions;
}
export type ProcessRequest = ListenRequest | { type: 'close'; graceMs: number };

/** The child's answer. */
export type ProcessMessage = { type: 'listening'; port: number } | { type: 'failed'; message: string };

let server: RunningServer | undefined;

async function onMessage(msg: ProcessRequest): Promise<void> {
  if (msg.type === 'listen') {
    try {
      server = await listenWithWorkers({ module: msg.spec.href, export: msg.spec.exportName }, msg.opts, true);
      process.send?.({ type: 'listening', port: server.port } satisfies ProcessMessage);
    } catch (err) {
      process.send?.({ type: 'failed', message: String((err as Error)?.stack ?? err) } satisfies ProcessMessage);
      process.exitCode = 1;
      process.disconnect?.();
    }
    return;
  }
  await server?.close({ graceMs: msg.graceMs });
  process.disconnect?.();
}

process.on('message', (msg: ProcessRequest) => void onMessage(msg));
// The parent is gone: stop taking requests and let the process end.
process.on('disconnect', () => void server?.close({ graceMs: 1000 }));
