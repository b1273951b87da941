/**
 * Entry of every process forked by startCluster: starts this process's share of the cluster
 * (W workers, or the app in this thread), reports ready, and drains on SIGTERM/SIGINT.
 */
import { defaultLogger } from '../log/logger.js';
import { CLUSTER_ENV } from './cluster-env.js';
import { closeOnSignals } from './graceful-shutdown.js';
import { type ClusterOptions, startCluster } from './start-cluster.js';
import type { ProcessMessage } from './supervise-processes.js';

const send = (message: ProcessMessage): void => {
  process.send?.(message);
};

const raw = process.env[CLUSTER_ENV];
if (raw && process.send) {
  const options = JSON.parse(raw) as ClusterOptions & { graceMs?: number };
  const logger = defaultLogger();
  try {
    const server = await startCluster({ ...options, processes: 1, logger });
    closeOnSignals(server, { graceMs: options.graceMs ?? 10_000, logger });
    // The supervisor asks over IPC so that its own grace period applies (close is idempotent).
    process.on('message', (message: { type?: string; graceMs?: number }) => {
      if (message.type !== 'bolt:close') return;
      server.close({ graceMs: message.graceMs }).then(() => process.exit(0));
    });
    // If the supervisor dies without asking, drain and exit instead of serving on as an orphan.
    process.once('disconnect', () => {
      server.close({ graceMs: options.graceMs ?? 10_000 }).then(() => process.exit(0));
    });
    send({ type: 'bolt:ready', port: server.port, url: server.url, pid: process.pid });
  } catch (error) {
    const e = error as Error & { code?: string };
    send({ type: 'bolt:failed', message: e.message, code: e.code });
    logger.error({ err: error }, 'bolt: process failed to start');
    process.exitCode = 1;
    process.disconnect();
  }
}
