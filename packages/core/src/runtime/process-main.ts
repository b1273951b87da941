/**
 * Entry of every process forked by startCluster: starts this process's share of the cluster
 * (W workers, or the app in this thread), reports ready, and drains on SIGTERM/SIGINT, on the
 * supervisor's request, or when the supervisor is gone.
 */
import { defaultLogger } from '../log/logger.js';
import { CLUSTER_ENV } from './cluster-env.js';
import { closeOnSignals } from './graceful-shutdown.js';
import { type ClusterOptions, startCluster } from './start-cluster.js';
import type { ProcessMessage } from './supervise-processes.js';

/** Sends to the supervisor if it is still there; false when it is gone (never throws). */
const send = (message: ProcessMessage): boolean => {
  if (!process.connected || !process.send) return false;
  // With a callback a failed send is reported there instead of as an 'error' event that would
  // crash this process; a vanished supervisor is handled by 'disconnect' below.
  process.send(message, undefined, {}, () => {});
  return true;
};

const raw = process.env[CLUSTER_ENV];
if (raw && process.send) {
  const options = JSON.parse(raw) as ClusterOptions & { graceMs?: number };
  const graceMs = options.graceMs ?? 10_000;
  const logger = defaultLogger();
  try {
    const server = await startCluster({ ...options, processes: 1, logger });
    // close() is idempotent: whichever of these comes first drains, the others wait for the same end.
    const drainAndExit = (ms: number): void => {
      server.close({ graceMs: ms }).then(() => process.exit(0));
    };
    closeOnSignals(server, { graceMs, logger });
    process.on('message', (message: { type?: string; graceMs?: number }) => {
      if (message.type === 'bolt:close') drainAndExit(message.graceMs ?? graceMs);
    });
    // If the supervisor died (even while this process was starting), drain and exit rather than
    // serve on as an orphan.
    process.once('disconnect', () => drainAndExit(graceMs));
    if (!send({ type: 'bolt:ready', port: server.port, url: server.url, pid: process.pid })) {
      drainAndExit(graceMs);
    }
  } catch (error) {
    const e = error as Error & { code?: string };
    send({ type: 'bolt:failed', message: e.message, code: e.code });
    logger.error({ err: error }, 'bolt: process failed to start');
    process.exitCode = 1;
    if (process.connected) process.disconnect();
  }
}
