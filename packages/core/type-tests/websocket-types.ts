/**
 * Type tests for `api.ws`: the upgrade's context is typed from the path and schemas like a GET, and
 * messages from the `message` schema (raw text or bytes without one).
 */
import { BoltAPI, dependency, t } from '../src/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_: T) => {};

const api = new BoltAPI();
const currentUser = dependency(() => ({ name: 'ann' }));

// Without options: params from the path, messages raw.
api.ws('/ws/echo/{channel}', {
  message(ws, data, isBinary) {
    assertType<Equal<typeof ws.ctx.params, { channel: string }>>(true);
    assertType<Equal<typeof data, string | Uint8Array>>(true);
    assertType<Equal<typeof isBinary, boolean>>(true);
    ws.send(data);
  },
});

// With schemas: typed params, query, deps and messages.
api.ws(
  '/ws/chat/{room}',
  {
    params: t.Object({ room: t.Integer() }),
    query: t.Object({ name: t.String() }),
    message: t.Object({ text: t.String() }),
    deps: { user: currentUser },
    protocols: ['chat.v1'],
  },
  {
    open(ws) {
      assertType<Equal<typeof ws.ctx.params.room, number>>(true);
      assertType<Equal<typeof ws.ctx.query.name, string>>(true);
      assertType<Equal<typeof ws.ctx.deps.user, { name: string }>>(true);
      assertType<Equal<typeof ws.protocol, string | undefined>>(true);
      ws.subscribe(String(ws.ctx.params.room));
    },
    message(ws, message) {
      assertType<Equal<typeof message, { text: string }>>(true);
      // @ts-expect-error: not a field of the message schema
      message.body;
      const outcome = ws.publish(String(ws.ctx.params.room), message.text);
      assertType<Equal<typeof outcome, void>>(true);
    },
    close(_ws, code, reason) {
      assertType<Equal<typeof code, number>>(true);
      assertType<Equal<typeof reason, string>>(true);
    },
  },
);

// @ts-expect-error: handlers are an object of callbacks, not a function
api.ws('/ws/wrong', () => undefined);

// @ts-expect-error: a WebSocket route has no body schema
api.ws('/ws/body', { body: t.Object({}) }, {});
