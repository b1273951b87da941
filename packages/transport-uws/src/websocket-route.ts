/**
 * `app.ws(pattern, behavior)` for one WebSocket route. The upgrade request is run like any request
 * (binding, hooks, dependencies; 401/403/422 answered as HTTP before the handshake); only a 101
 * answer carrying a session completes the handshake, with `res.upgrade`. uWS then owns frames,
 * pings and back-pressure, and this file reports each event to the session.
 */
import type { BoltResponse, CompiledRoute, RawRequest, WebSocketRouteOptions } from '@bolt/core/transport';
import type { HttpRequest, us_socket_context_t, WebSocketBehavior } from '@trufflesuite/uws-js-unofficial';
import { BOLT_CLOSES } from './connection-close.js';
import { dispatch, finished, reject, runRoute } from './dispatch.js';
import { peerAddress } from './peer-address.js';
import { readHeaders } from './read-headers.js';
import { type BoltRes, hookAbort, type ServerState } from './server-state.js';
import { restOf, type UwsPattern } from './uws-pattern.js';
import { uwsLimits } from './websocket-limits.js';
import { type SocketData, UwsPeer, type UwsSocket } from './websocket-peer.js';

const NO_PARAMS: readonly string[] = Object.freeze([]);
/** RFC 6455 section 7.4.1: the message is too big to process. */
const MESSAGE_TOO_BIG = 1009;
// RFC 9110 section 5.1 token / no CR, LF or NUL in a value (uWS writes headers as given).
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const UNSAFE_VALUE = /[\r\n\0]/;
/** Headers of the 101 that uWS writes itself from `res.upgrade`'s arguments. */
const HANDSHAKE = new Set([
  'upgrade',
  'connection',
  'sec-websocket-accept',
  'sec-websocket-protocol',
  'sec-websocket-extensions',
  'content-length',
  'transfer-encoding',
]);

/** The route an upgrade request is for, and its raw param values, read while `req` is valid. */
export type ResolveUpgrade = (
  req: HttpRequest,
  path: string,
) => { route: CompiledRoute | undefined; params: readonly string[] };

/** Resolves upgrades at one route's uWS pattern from uWS's own params. */
export function routeParams(route: CompiledRoute, pattern: UwsPattern, state: ServerState): ResolveUpgrade {
  const count = route.paramNames.length;
  const matched = route.catchAll ? count - 1 : count;
  return (req, path) => {
    if (count === 0) return { route, params: NO_PARAMS };
    const values: string[] = [];
    for (let i = 0; i < matched; i++) values.push(req.getParameter(i));
    if (route.catchAll) values.push(restOf(path, pattern.segmentsBeforeRest));
    // uWS matches an empty segment where Bolt's router does not: let Bolt route those.
    return values.includes('') ? byBoltRouter(state)(req, path) : { route, params: values };
  };
}

/** Resolves upgrades with Bolt's router (the catch-all `ws('/*')`). */
export function byBoltRouter(state: ServerState): ResolveUpgrade {
  return (_req, path) => {
    const found = state.app.match('GET', path);
    return found ? { route: found.route, params: found.params } : { route: undefined, params: NO_PARAMS };
  };
}

/**
 * The uWS behavior for upgrades `resolve` routes, with uWS's limits from `limits` (each socket
 * still gets its own route's `maxPayload`).
 */
export function websocketBehavior(
  limits: WebSocketRouteOptions,
  resolve: ResolveUpgrade,
  where: string,
  state: ServerState,
): WebSocketBehavior<SocketData> {
  // Every callback catches: a throw inside a uWS callback would end the process. try/catch inline
  // rather than a wrapper closure, so that a message allocates nothing of Bolt's own but its data.
  const failed = (what: string, error: unknown): void => {
    state.log.error({ err: error, route: where }, `bolt: WebSocket ${what} failed`);
  };
  return {
    ...uwsLimits(limits),
    upgrade(res: BoltRes, req: HttpRequest, context: us_socket_context_t) {
      try {
        upgrade(res, req, context, resolve, limits, state);
      } catch (error) {
        failed('upgrade', error);
      }
    },
    open(ws: UwsSocket) {
      try {
        const data = ws.getUserData();
        state.sockets.begin();
        data.session.open(new UwsPeer(ws, data));
      } catch (error) {
        failed('open', error);
      }
    },
    message(ws: UwsSocket, message: ArrayBuffer, isBinary: boolean) {
      try {
        const data = ws.getUserData();
        if (data.closed) return;
        if (message.byteLength > data.maxPayload) {
          ws.end(MESSAGE_TOO_BIG, 'message too big');
          return;
        }
        // uWS checked a text message's UTF-8 already; the buffer is reused once this returns, so a
        // binary message is copied into bytes core owns.
        data.session.message(
          isBinary ? new Uint8Array(message.slice(0)) : Buffer.from(message).toString('utf8'),
          isBinary,
        );
      } catch (error) {
        failed('message', error);
      }
    },
    drain(ws: UwsSocket) {
      try {
        const data = ws.getUserData();
        if (!data.closed) data.session.drain();
      } catch (error) {
        failed('drain', error);
      }
    },
    close(ws: UwsSocket, code: number, message: ArrayBuffer) {
      try {
        const data = ws.getUserData();
        if (data.closed) return;
        data.closed = true;
        state.sockets.end();
        data.session.close(code, Buffer.from(message).toString('utf8'));
      } catch (error) {
        failed('close', error);
      }
    },
  };
}

/** Reads the upgrade request synchronously, runs the route, and answers now or once it settles. */
function upgrade(
  res: BoltRes,
  req: HttpRequest,
  context: us_socket_context_t,
  resolve: ResolveUpgrade,
  limits: WebSocketRouteOptions,
  state: ServerState,
): void {
  const path = req.getUrl();
  const query = req.getQuery() || '';
  const headers = readHeaders(req, 15 + path.length + query.length, state.maxHeaderSize || Infinity);
  if (headers === undefined) {
    reject(res, state, 431);
    return;
  }
  const { route: target, params } = resolve(req, path);
  const request: RawRequest = {
    method: 'GET',
    path,
    query,
    headers,
    body: undefined,
    // Read now: the response object is the WebSocket's once upgraded.
    remoteAddress: peerAddress(res),
  };
  const handshake: Handshake = {
    key: headers['sec-websocket-key'] ?? '',
    context,
    maxPayload: target?.websocket?.maxPayload ?? limits.maxPayload,
    remoteAddress: request.remoteAddress,
  };
  const result = runRoute(state, target, params, request);
  if (!(result instanceof Promise)) {
    answer(res, state, result, handshake);
    return;
  }
  hookAbort(res);
  state.inFlight.begin();
  const settle = (response: BoltResponse): void => {
    if (res.aborted) finished(state, response, true);
    else res.cork(() => answer(res, state, response, handshake));
    state.inFlight.end();
  };
  result.then(settle, (error: unknown) => {
    state.log.error({ err: error }, 'bolt: route rejected');
    settle(state.app.errorResponse(500));
  });
}

interface Handshake {
  readonly key: string;
  readonly context: us_socket_context_t;
  readonly maxPayload: number;
  readonly remoteAddress: string | undefined;
}

/** Completes the handshake for a 101 answer with a session; writes any other answer as HTTP and closes. */
function answer(res: BoltRes, state: ServerState, response: BoltResponse, handshake: Handshake): void {
  const session = response.upgrade;
  if (response.status !== 101 || !session) {
    dispatch(res, state, response, false, BOLT_CLOSES);
    return;
  }
  if (state.draining) {
    // The 1001s went out when the drain began: a socket opened now would miss its own.
    finished(state, response, true);
    dispatch(res, state, state.app.errorResponse(503), false, BOLT_CLOSES);
    return;
  }
  const headers = response.headers;
  let protocol = '';
  let started = false;
  for (let i = 0; i < headers.length; i += 2) {
    const name = String(headers[i]);
    const value = String(headers[i + 1]);
    if (name === 'sec-websocket-protocol') protocol = value;
    if (HANDSHAKE.has(name) || !TOKEN.test(name) || UNSAFE_VALUE.test(value)) continue;
    // uWS writes its own 101 status only when none was written; a header first would make it 200.
    if (!started) res.writeStatus('101 Switching Protocols');
    started = true;
    res.writeHeader(name, value);
  }
  const data: SocketData = {
    session,
    maxPayload: handshake.maxPayload,
    remoteAddress: handshake.remoteAddress,
    closed: false,
  };
  // No permessage-deflate: the extensions answer is empty whatever the client offered.
  res.upgrade(data, handshake.key, protocol, '', handshake.context);
  finished(state, response, false);
}

/**
 * The WebSocket route as its plain GET/HEAD callbacks see it: uWS hands them an upgrade request only
 * when it has no valid `sec-websocket-key` (its `ws` handler took every other), which cannot be
 * upgraded, so a 101 answer becomes 400. A GET without `upgrade` gets the route's own 426.
 */
export function plainRequestRoute(route: CompiledRoute, state: ServerState): CompiledRoute {
  const badHandshake = (response: BoltResponse): BoltResponse => {
    if (response.status !== 101) return response;
    finished(state, response, true);
    return state.app.errorResponse(400);
  };
  return Object.create(route, {
    run: {
      value: (params: readonly string[], request: RawRequest) => {
        const result = route.run(params, request);
        return result instanceof Promise ? result.then(badHandshake) : badHandshake(result);
      },
    },
  }) as CompiledRoute;
}
