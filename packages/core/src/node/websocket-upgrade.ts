/**
 * WebSockets on node:http, with the `ws` package doing the handshake and the frames: an upgrade
 * request goes through `app.handle` like any request (hooks, binding, 401/403/422), and only a 101
 * answer carrying a session completes the handshake. Any other answer is written as HTTP on the
 * socket, which then closes.
 */
import { type IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../log/logger.js';
import type { BoltResponse, CompiledApp, CompiledRoute, RawRequest } from '../transport/contract.js';
import {
  SendStatus,
  type WebSocketPeer,
  type WebSocketRouteOptions,
  type WebSocketSession,
} from '../transport/websocket-contract.js';
import { writeResponse } from './write-response.js';

const CLOSE: readonly string[] = ['connection', 'close'];

/** The peer core drives, over one `ws` socket. */
function peerOf(ws: WebSocket, socket: Duplex, remoteAddress: string | undefined): WebSocketPeer {
  return {
    send(data, isBinary) {
      if (ws.readyState !== ws.OPEN) return SendStatus.Dropped;
      ws.send(data, { binary: isBinary });
      return socket.writableNeedDrain ? SendStatus.Buffered : SendStatus.Sent;
    },
    close: (code = 1000, reason = '') => ws.close(code, reason),
    terminate: () => ws.terminate(),
    bufferedAmount: () => ws.bufferedAmount,
    remoteAddress,
  };
}

/** Pings every half idle period; a peer that answered nothing since the last ping is dropped. */
function keepAlive(ws: WebSocket, idleTimeout: number): void {
  if (idleTimeout <= 0) return;
  let heard = true;
  const seen = () => {
    heard = true;
  };
  ws.on('pong', seen);
  ws.on('ping', seen);
  ws.on('message', seen);
  const timer = setInterval(
    () => {
      if (!heard) {
        ws.terminate();
        return;
      }
      heard = false;
      ws.ping();
    },
    (idleTimeout * 1000) / 2,
  );
  timer.unref();
  ws.once('close', () => clearInterval(timer));
}

/** Drives `session` from the `ws` socket's events. */
function bind(
  ws: WebSocket,
  socket: Duplex,
  session: WebSocketSession,
  limits: WebSocketRouteOptions,
  address: string | undefined,
): void {
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    session.message(isBinary ? data : data.toString('utf8'), isBinary);
  });
  socket.on('drain', () => session.drain());
  ws.once('close', (code: number, reason: Buffer) => session.close(code, reason.toString('utf8')));
  // Protocol errors (a bad frame, invalid UTF-8, a message over maxPayload) are answered with a
  // close frame by `ws` itself; the event only needs a listener so that it cannot crash the process.
  ws.on('error', () => undefined);
  keepAlive(ws, limits.idleTimeout);
  session.open(peerOf(ws, socket, address));
}

/** The `upgrade` listener of a node:http server serving `app`. */
export function upgradeListener(app: CompiledApp, log: Logger) {
  const servers = new Map<CompiledRoute, WebSocketServer>();
  const serverFor = (route: CompiledRoute, limits: WebSocketRouteOptions) => {
    let wss = servers.get(route);
    if (!wss) {
      wss = new WebSocketServer({
        noServer: true,
        maxPayload: limits.maxPayload,
        perMessageDeflate: false,
        clientTracking: false,
        // Core already chose the subprotocol; its 101 answer names it.
        handleProtocols: (_offered, req) => chosen.get(req)?.protocol ?? false,
      });
      // The 101's other headers (a request id, a cookie) from the app's answer.
      wss.on('headers', (lines, req) => {
        const headers = chosen.get(req)?.response.headers ?? [];
        for (let i = 0; i < headers.length; i += 2) {
          if (headers[i] !== 'sec-websocket-protocol') lines.push(`${headers[i]}: ${headers[i + 1]}`);
        }
      });
      servers.set(route, wss);
    }
    return wss;
  };
  const chosen = new WeakMap<IncomingMessage, { response: BoltResponse; protocol: string | undefined }>();

  const refuse = (req: IncomingMessage, socket: Duplex, response: BoltResponse) => {
    const res = new ServerResponse(req);
    res.assignSocket(socket as never);
    res.shouldKeepAlive = false;
    res.once('finish', () => socket.end());
    if (response.finished) {
      const finished = response.finished;
      res.once('close', () => finished(!res.writableFinished));
    }
    void writeResponse(res, response, CLOSE, log);
  };

  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const raw: RawRequest = {
      method: req.method ?? 'GET',
      path,
      query: q === -1 ? '' : url.slice(q + 1),
      headers: req.headers as Record<string, string | undefined>,
      body: undefined,
      remoteAddress: req.socket.remoteAddress,
    };
    const matched = app.match(raw.method, path);
    const limits = matched?.route.websocket;
    const answer = (response: BoltResponse) => {
      if (socket.destroyed) {
        response.finished?.(true);
        return;
      }
      const session = response.upgrade;
      if (response.status !== 101 || !session || !limits || !matched) {
        refuse(req, socket, response);
        return;
      }
      const protocol = headerValue(response.headers, 'sec-websocket-protocol');
      chosen.set(req, { response, protocol });
      serverFor(matched.route, limits).handleUpgrade(req, socket, head, (ws) => {
        response.finished?.(false);
        bind(ws, socket, session, limits, raw.remoteAddress);
      });
    };
    const response = app.handle(raw);
    if (response instanceof Promise) response.then(answer, () => socket.destroy());
    else answer(response);
  };
}

function headerValue(headers: readonly string[], name: string): string | undefined {
  for (let i = 0; i < headers.length; i += 2) if (headers[i] === name) return headers[i + 1];
  return undefined;
}
