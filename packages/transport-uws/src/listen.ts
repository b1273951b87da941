/**
 * One uWS app in the current thread: runs the app's start-up handlers, registers the route table
 * with uWS's router and the fallback for everything else, listens, and closes gracefully (then the
 * shutdown handlers run). `uwsTransport` is the Transport.
 */
import { defaultLogger, type Logger, type RunningServer } from '@bolt/core';
import { InFlight, withLifecycle } from '@bolt/core/runtime';
import type { CompiledApp, CompiledRoute, ListenOptions, Transport } from '@bolt/core/transport';
import type { TemplatedApp, us_listen_socket } from '@trufflesuite/uws-js-unofficial';
import { BoltUwsError, UwsErrorCode } from './errors.js';
import { fallbackHandler } from './fallback-handler.js';
import { loadNative, type UwsModule } from './load-native.js';
import { routeHandler } from './route-handler.js';
import type { ServerState } from './server-state.js';
import { toUwsPattern } from './uws-pattern.js';
import { catchAllLimits } from './websocket-limits.js';
import { byBoltRouter, plainRequestRoute, routeParams, websocketBehavior } from './websocket-route.js';

/** Options of the uWS transport in one thread. */
export interface UwsListenOptions extends ListenOptions {
  /**
   * Largest request line plus headers, in bytes; over it the answer is 431. Default 16 384, as in
   * Node. Enforcing it means copying every header of every request (uWS's `forEach`, about a
   * microsecond). `0` turns Bolt's limit off: requests without a body then copy headers only when
   * a handler reads them or outlives the uWS callback (a request declaring a `content-length` is
   * still read in full, to check its framing), and only uWS's own bounds apply (it drops a
   * connection whose head arrives in pieces past 4 KiB or has more than 48 header fields; a head
   * that arrives in one read is accepted up to about 64 KiB).
   */
  maxHeaderSize?: number;
  /** Where transport errors are logged. Default: Bolt's logger. */
  logger?: Logger;
}

type Register = 'get' | 'post' | 'put' | 'patch' | 'del' | 'options' | 'head' | 'connect' | 'trace';
/** The 20.30 addon has `close()` (all sockets, listeners included); its bundled typings omit it. */
type UwsApp = TemplatedApp & { close(): void };

const REGISTER: Readonly<Record<string, Register>> = {
  GET: 'get',
  POST: 'post',
  PUT: 'put',
  PATCH: 'patch',
  DELETE: 'del',
  OPTIONS: 'options',
  HEAD: 'head',
  CONNECT: 'connect',
  TRACE: 'trace',
};

/**
 * Serves `app` on uWebSockets.js in this thread: `app.startup()` is awaited before the port is
 * bound, `app.shutdown()` once `close()` has drained.
 *
 * @example
 * const server = await listen(api.compile(), { host: '127.0.0.1', port: 0 });
 * await fetch(server.url);          // {"Hello":"World"}
 * await server.close({ graceMs: 5000 });
 */
export function listen(app: CompiledApp, options: UwsListenOptions = {}): Promise<RunningServer> {
  const { uws } = loadNative(); // before start-up handlers open anything
  return withLifecycle(app, () => bind(uws, app, options));
}

async function bind(uws: UwsModule, app: CompiledApp, options: UwsListenOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const inFlight = new InFlight();
  const state: ServerState = {
    app,
    maxHeaderSize: options.maxHeaderSize ?? 16_384,
    inFlight,
    sockets: new InFlight(),
    endInFlight: () => inFlight.end(),
    log: options.logger ?? defaultLogger(),
    draining: false,
  };
  const server = uws.App() as UwsApp;
  registerRoutes(server, state);
  server.any('/*', fallbackHandler(state));
  const socket = await new Promise<us_listen_socket | false>((resolve) =>
    server.listen(host, options.port ?? 8000, resolve),
  );
  if (!socket) {
    server.close();
    throw new BoltUwsError(
      UwsErrorCode.LISTEN_FAILED,
      `uWebSockets.js could not listen on ${host}:${options.port ?? 8000}: the port is taken by a server ` +
        'that does not share it (SO_REUSEPORT), or the address is not local. Pick another port or host.',
    );
  }
  const port = uws.us_socket_local_port(socket as never);
  // Topics fan out through uWS's own pub/sub to this thread's sockets (core relays across processes).
  app.webSockets.publishNative((topic, data, isBinary) => {
    server.publish(topic, data, isBinary);
  });
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close({ graceMs = 10_000 } = {}) {
      closing ??= (async () => {
        state.draining = true;
        uws.us_listen_socket_close(socket);
        // The lifecycle's `app.webSockets.closeAll` sends each WebSocket its 1001 meanwhile.
        await Promise.all([state.inFlight.idle(graceMs), state.sockets.idle(graceMs)]);
        app.webSockets.publishNative(undefined);
        server.close(); // drops idle keep-alive connections and whatever outlived the grace period
      })();
      return closing;
    },
  };
}

/**
 * Registers the route table: each pattern once, each of its routes per method (a GET route's
 * methods include HEAD unless a HEAD route is declared at that pattern). Patterns uWS cannot match
 * like Bolt and methods uWS has no registrar for are left to the fallback (Bolt's router).
 */
function registerRoutes(server: TemplatedApp, state: ServerState): void {
  const { patterns, routes } = state.app;
  const unrouted: CompiledRoute[] = [];
  for (const entry of patterns) {
    const first = routes[entry.routes[0]!]!;
    const pattern = toUwsPattern(first);
    if (!pattern) {
      for (const index of entry.routes) if (routes[index]!.websocket) unrouted.push(routes[index]!);
      continue;
    }
    for (const index of entry.routes) {
      const route = routes[index]!;
      // uWS's `ws` takes the GETs with a WebSocket key at its pattern and hands the others on.
      if (route.websocket) {
        const resolve = routeParams(route, pattern, state);
        server.ws(pattern.pattern, websocketBehavior(route.websocket, resolve, route.pattern, state));
      }
      const target = route.websocket ? plainRequestRoute(route, state) : route;
      for (const method of route.methods) {
        const register = REGISTER[method];
        if (register) server[register](pattern.pattern, routeHandler(target, method, pattern, state));
      }
    }
  }
  // WebSocket routes uWS's router cannot express are found by Bolt's, behind one catch-all `ws`.
  // It also takes upgrades to every other path uWS has no `ws` for, which Bolt answers as before.
  if (unrouted.length > 0) {
    const limits = catchAllLimits(unrouted.map((r) => r.websocket!));
    server.ws('/*', websocketBehavior(limits, byBoltRouter(state), 'WebSocket catch-all', state));
  }
}

/** The uWebSockets.js transport, as the Transport contract names it (used by worker threads). */
export const uwsTransport: Transport<UwsListenOptions> = { name: 'uws', listen };
