/**
 * `WS /ws/echo` and `WS /ws/chat/{room}`. Chat messages are JSON `{"text": string}` (anything else
 * closes the socket with 1007) and reach every socket in the room as `{"room","text","from"}`;
 * with REDIS_URL set, the app's pub/sub adapter (app.ts) carries them to every other process.
 */
import { randomBytes } from 'node:crypto';
import { BoltAPI, t } from '@bolt/core';

/** Largest chat message in bytes; over it the socket is closed with 1009. */
const CHAT_MAX_PAYLOAD = 16 * 1024;

const ChatMessage = t.Object({ text: t.String({ maxLength: 4000 }) });

export function websocketRoutes() {
  const api = new BoltAPI();
  // WebSocket routes answer a plain GET with 426: they are kept out of the OpenAPI document.
  api.ws(
    '/ws/echo',
    { hide: true, summary: 'Echoes every text and binary message' },
    {
      message(ws, data) {
        ws.send(data);
      },
    },
  );

  api.ws(
    '/ws/chat/{room}',
    {
      hide: true,
      summary: 'A chat room: each message is broadcast to everyone in the room',
      params: t.Object({ room: t.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) }),
      // `?name=ann` signs the socket's messages; without it, a random id per socket does.
      query: t.Object({ name: t.Optional(t.String({ minLength: 1, maxLength: 32 })) }),
      message: ChatMessage,
      onInvalidMessage: 'close',
      maxPayload: CHAT_MAX_PAYLOAD,
    },
    {
      open(ws) {
        ws.data.from = ws.ctx.query.name ?? `anon-${randomBytes(4).toString('hex')}`;
        ws.subscribe(`chat:${ws.ctx.params.room}`);
      },
      message(ws, message) {
        const room = ws.ctx.params.room;
        ws.publish(`chat:${room}`, JSON.stringify({ room, text: message.text, from: ws.data.from }));
      },
    },
  );
  return api;
}
