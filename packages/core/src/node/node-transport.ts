/**
 * The node:http transport: Bolt's reference behaviour. Header limits and timeouts come from
 * node:http; graceful close waits for in-flight requests, then drops what is left.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { defaultLogger, type Logger } from '../log/logger.js';
import type { SharedPortOptions } from '../runtime/engine.js';
import { withLifecycle } from '../runtime/lifecycle.js';
import type { CompiledApp, ListenOptions, RunningServer, Transport } from '../transport/contract.js';
import { onClientError } from './client-error.js';
import { toNodeListener } from './to-node-listener.js';
import { upgradeListener } from './websocket-upgrade.js';

/** Options of the node:http transport. */
export interface NodeListenOptions extends ListenOptions, SharedPortOptions {
  /** Largest request head in bytes; over it: 431. Default 16 384. */
  maxHeaderSize?: number;
  /** Time allowed to receive a request's headers, in ms (slowloris guard). Default 10 000. */
  headersTimeout?: number;
  /** Time allowed for a whole request, in ms. Default 30 000. */
  requestTimeout?: number;
  /** Idle keep-alive time, in ms. Default 5 000. */
  keepAliveTimeout?: number;
  /** Where refused responses are logged. Default: Bolt's logger. */
  logger?: Logger;
}

function address(server: Server, host: string): { url: string; port: number } {
  const info = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shown}:${info.port}`, port: info.port };
}

/**
 * Why node:http cannot share a port between processes or threads on this Node, or undefined when
 * it can (`reusePort` arrived in Node 22.12 and 23.1).
 */
export function nodePortSharing(version = process.versions.node): string | undefined {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major > 23 || (major === 23 && minor >= 1) || (major === 22 && minor >= 12)) return undefined;
  return (
    `node:http shares a port between processes or threads only from Node 22.12 (SO_REUSEPORT); this is Node ${version}. ` +
    'Use @bolt/transport-uws or @bolt/transport-rust for several processes or threads, or serve with processes: 1 and workers: 1.'
  );
}

/** Serves compiled apps on node:http: start-up handlers first, shutdown handlers after the drain. */
export const nodeTransport: Transport<NodeListenOptions> = {
  name: 'node',
  listen: (app, opts) => withLifecycle(app, () => listenNode(app, opts)),
};

async function listenNode(app: CompiledApp, opts: NodeListenOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  let inFlight = 0;
  let closing = false;
  let drained: (() => void) | undefined;
  /** Responses still being produced, per connection. */
  const answering = new WeakMap<Socket, number>();
  const listener = toNodeListener(app, {
    logger: opts.logger,
    onSettled: () => {
      inFlight--;
      if (closing) server.closeIdleConnections();
      if (inFlight === 0) drained?.();
    },
  });
  const server = createServer(
    {
      maxHeaderSize: opts.maxHeaderSize ?? 16_384,
      headersTimeout: opts.headersTimeout ?? 10_000,
      requestTimeout: opts.requestTimeout ?? 30_000,
      keepAliveTimeout: opts.keepAliveTimeout ?? 5_000,
      // How often node:http looks for connections past those timeouts (its default, 30 s, would let
      // a slow client hold a connection up to 30 s past a 10 s headersTimeout).
      connectionsCheckingInterval: 1_000,
      // The contract joins repeated headers with ", "; node:http would keep only the first of a
      // repeated Authorization, Content-Type, Host... (so a second token went unseen).
      joinDuplicateHeaders: true,
    },
    (req, res) => {
      inFlight++;
      const socket = req.socket;
      answering.set(socket, (answering.get(socket) ?? 0) + 1);
      res.once('close', () => answering.set(socket, (answering.get(socket) ?? 1) - 1));
      if (closing) res.shouldKeepAlive = false;
      listener(req, res);
    },
  );
  server.on('upgrade', upgradeListener(app, opts.logger ?? defaultLogger()));
  server.on(
    'clientError',
    onClientError((socket) => (answering.get(socket) ?? 0) > 0),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    const listen = { port: opts.port ?? 8000, host, ...(opts.reusePort ? { reusePort: true } : {}) };
    server.listen(listen, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { url, port } = address(server, host);

  const drain = async (graceMs: number): Promise<void> => {
    closing = true;
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    if (inFlight > 0) {
      await Promise.race([
        new Promise<void>((resolve) => {
          drained = resolve;
        }),
        new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref()),
      ]);
    }
    server.closeAllConnections();
    await stopped;
  };
  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    close({ graceMs = 10_000 } = {}) {
      // Idempotent: a signal, the supervisor and the user may all ask; they share one drain.
      closed ??= drain(graceMs);
      return closed;
    },
  };
}
