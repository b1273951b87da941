/**
 * The app of the WebSocket cases. A module of its own so that multi-worker and multi-process
 * engines import it in each worker (`{ module, export: 'api' }`), like the conformance app.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { BoltAPI, dependency, HTTPError, t } from '@bolt/core';

/** Largest message `/ws/echo` takes (64 KiB): one byte more is closed with 1009. */
export const ECHO_MAX_PAYLOAD = 64 * 1024;

/** The subprotocols `/ws/echo` speaks, preferred first. */
export const ECHO_PROTOCOLS = ['bolt.v2', 'bolt.v1'] as const;

export const api = new BoltAPI();

// An app-wide onSend hook that rebuilds every answer (as some plugins do) to add a header: the 101
// of an upgrade keeps its session and carries the header.
api.addHook('onSend', (_request, response) => ({
  status: response.status,
  headers: [...response.headers, 'x-conformance', 'ws'],
  body: response.body,
}));

// Echoes every message as it came: text as text, binary as binary.
api.ws(
  '/ws/echo',
  { protocols: ECHO_PROTOCOLS, maxPayload: ECHO_MAX_PAYLOAD },
  {
    message(ws, data) {
      ws.send(data);
    },
  },
);

// JSON messages `{"text": string}`: echoed back as JSON; anything else closes with 1007.
api.ws(
  '/ws/json',
  { message: t.Object({ text: t.String() }) },
  {
    message(ws, message) {
      ws.sendJson({ text: message.text });
    },
  },
);

const user = dependency(({ request }) => {
  if (request.header('authorization') !== 'Bearer good')
    throw new HTTPError(401, 'Not authenticated', { 'www-authenticate': 'Bearer' });
  return { name: 'ann' };
});

// Authenticated like any request: without the token, 401 before the handshake.
api.ws(
  '/ws/guarded',
  { deps: { user } },
  {
    open(ws) {
      ws.sendJson({ user: ws.ctx.deps.user.name });
    },
  },
);

// Rooms: each socket says `{"joined": room}` once it is subscribed, then every message sent to the
// room (text or binary) reaches every socket in it, the sender's included.
api.ws(
  '/ws/room/{room}',
  { params: t.Object({ room: t.String({ pattern: '^[a-z0-9-]{1,32}$' }) }) },
  {
    open(ws) {
      ws.subscribe(`room:${ws.ctx.params.room}`);
      ws.sendJson({ joined: ws.ctx.params.room });
    },
    message(ws, data, isBinary) {
      const topic = `room:${ws.ctx.params.room}`;
      if (isBinary) ws.publish(topic, data as Uint8Array);
      else ws.publish(topic, JSON.stringify({ room: ws.ctx.params.room, text: data }));
    },
  },
);

// Published from an HTTP route: reaches the room's sockets like a socket's own publish.
api.post('/rooms/{room}/messages', { body: t.Object({ text: t.String() }) }, ({ params, body }) => {
  api.publish(`room:${params.room}`, JSON.stringify({ room: params.room, text: body.text }));
  return { published: true };
});

// An async handler in flight: `started` at once, `done:<message>` after `ms` (a shutdown's 1001
// waits for it).
api.ws(
  '/ws/slow',
  { query: t.Object({ ms: t.Integer({ default: 300, maximum: 5000 }) }) },
  {
    async message(ws, data) {
      ws.send('started');
      await sleep(ws.ctx.query.ms);
      ws.send(`done:${String(data)}`);
    },
  },
);

/** Idle timeout of `/ws/idle`, in seconds. */
export const IDLE_TIMEOUT_S = 4;

// A short idle timeout: a silent peer is dropped, one that answers the engine's pings stays.
api.ws(
  '/ws/idle',
  { idleTimeout: IDLE_TIMEOUT_S },
  {
    message(ws, data) {
      ws.send(data);
    },
  },
);
