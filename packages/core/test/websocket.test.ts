/**
 * WebSocket routes on the node:http engine over real sockets, with the `ws` client: what core
 * decides (binding and hooks before the handshake, typed messages, handler failures, slow readers,
 * pub/sub, graceful close) rather than frame details, which the conformance suite checks per engine.
 */
import t from 'tap';
import WebSocket from 'ws';
import { BoltAPI, json, type PubSubAdapter, type PubSubMessage, t as s } from '../src/index.js';
import { nodeTransport } from '../src/node/node-transport.js';

type Closed = { code: number; reason: string };

function opened(url: string, protocols?: string[]): Promise<WebSocket> {
  const ws = new WebSocket(url, protocols);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}
const nextMessage = (ws: WebSocket) =>
  new Promise<{ data: string; isBinary: boolean; bytes: Buffer }>((resolve) =>
    ws.once('message', (data: Buffer, isBinary) => resolve({ data: data.toString(), isBinary, bytes: data })),
  );
const closed = (ws: WebSocket) =>
  new Promise<Closed>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
/** The HTTP status of a refused upgrade. */
function refusedWith(url: string, headers: Record<string, string> = {}): Promise<number> {
  const ws = new WebSocket(url, { headers });
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.once('open', () => reject(new Error('the upgrade was accepted')));
    ws.once('error', () => undefined);
  });
}

/** A relay adapter standing in for a second process: records what leaves, injects what arrives. */
class LoopAdapter implements PubSubAdapter {
  sent: PubSubMessage[] = [];
  deliver: ((m: PubSubMessage) => void) | undefined;
  async start(deliver: (m: PubSubMessage) => void) {
    this.deliver = deliver;
  }
  publish(message: PubSubMessage) {
    this.sent.push(message);
  }
  async stop() {
    this.deliver = undefined;
  }
}

const relay = new LoopAdapter();
const errors: unknown[] = [];
const warnings: string[] = [];
const logger = {
  level: 'info',
  info() {},
  warn(_obj: unknown, message: string) {
    warnings.push(message);
  },
  debug() {},
  trace() {},
  fatal() {},
  error(obj: unknown) {
    errors.push(obj);
  },
  child() {
    return logger;
  },
};
const api = new BoltAPI({ pubsub: relay, logger: logger as never });
api.ws('/echo', {
  message(ws, data) {
    ws.send(data);
  },
});
api.ws(
  '/rooms/{room}',
  {
    params: s.Object({ room: s.String({ minLength: 2 }) }),
    query: s.Object({ name: s.String() }),
    message: s.Object({ text: s.String() }),
  },
  {
    open(ws) {
      ws.subscribe(`room:${ws.ctx.params.room}`);
    },
    message(ws, message) {
      ws.publish(
        `room:${ws.ctx.params.room}`,
        JSON.stringify({ from: ws.ctx.query.name, text: message.text }),
      );
    },
  },
);
api.ws(
  '/strict',
  { message: s.Object({ n: s.Integer() }), onInvalidMessage: 'error' },
  { message: (ws, message) => ws.sendJson({ doubled: message.n * 2 }) },
);
api.ws(
  '/guarded',
  {
    onRequest: (request) =>
      request.header('authorization') === 'Bearer ok'
        ? undefined
        : json({ detail: 'Not authenticated' }, { status: 401 }),
  },
  { open: (ws) => void ws.send('welcome') },
);
api.ws('/proto', { protocols: ['chat.v2', 'chat.v1'] }, { open: (ws) => void ws.send(String(ws.protocol)) });
api.ws('/throws', {
  message() {
    throw new Error('handler bug');
  },
});
api.ws(
  '/slow-reader',
  { maxBackpressure: 64 * 1024 },
  {
    message(ws) {
      const chunk = new Uint8Array(256 * 1024);
      for (let i = 0; i < 64 && ws.send(chunk) !== 'dropped'; i++);
    },
  },
);
let releaseSlow: (() => void) | undefined;
api.ws('/busy', {
  async message(ws) {
    await new Promise<void>((resolve) => {
      releaseSlow = resolve;
    });
    ws.send('done');
  },
});
api.get('/publish/{topic}', ({ params }) => {
  api.publish(params.topic, 'from http');
  return { ok: true };
});

t.test('node WebSockets', async (t) => {
  const server = await nodeTransport.listen(api.compile(), { port: 0 });
  const base = server.url.replace('http:', 'ws:');
  t.teardown(() => server.close({ graceMs: 0 }));

  t.test('echoes text and binary', async (t) => {
    const ws = await opened(`${base}/echo`);
    ws.send('héllo');
    t.same(await nextMessage(ws).then((m) => [m.data, m.isBinary]), ['héllo', false]);
    ws.send(Buffer.from([0, 1, 255]));
    const binary = await nextMessage(ws);
    t.same([...binary.bytes], [0, 1, 255]);
    t.equal(binary.isBinary, true);
    ws.close(1000, 'bye');
    t.same(await closed(ws), { code: 1000, reason: 'bye' });
  });

  t.test('the upgrade is bound and checked before the handshake', async (t) => {
    t.equal(await refusedWith(`${base}/rooms/a?name=x`), 422, 'params failing their schema');
    t.equal(await refusedWith(`${base}/rooms/ab`), 422, 'a required query value missing');
    t.equal(await refusedWith(`${base}/guarded`), 401, 'a hook refusing it');
    t.equal(await refusedWith(`${base}/nowhere`), 404, 'no such route');
    const ws = new WebSocket(`${base}/guarded`, { headers: { authorization: 'Bearer ok' } });
    t.equal((await nextMessage(ws)).data, 'welcome', 'the same hook letting it through');
    ws.close();
    const plain = await fetch(`${server.url}/echo`);
    t.equal(plain.status, 426, 'a plain GET is told to upgrade');
    t.equal(plain.headers.get('upgrade'), 'websocket');
  });

  t.test('typed messages: valid ones reach the handler, invalid ones close with 1007', async (t) => {
    const a = await opened(`${base}/rooms/lobby?name=ann`);
    const b = await opened(`${base}/rooms/lobby?name=bob`);
    const other = await opened(`${base}/rooms/other?name=eve`);
    let otherGot = false;
    other.on('message', () => {
      otherGot = true;
    });
    const atB = nextMessage(b);
    const atA = nextMessage(a);
    a.send(JSON.stringify({ text: 'hi' }));
    t.same(JSON.parse((await atB).data), { from: 'ann', text: 'hi' }, 'fanned out to the room');
    t.same(JSON.parse((await atA).data), { from: 'ann', text: 'hi' }, 'the sender is subscribed too');
    t.same(
      relay.sent.at(-1),
      { topic: 'room:lobby', data: '{"from":"ann","text":"hi"}', isBinary: false },
      'and relayed to other processes',
    );
    const bClosed = closed(b);
    b.send('{"text": 5}');
    const { code, reason } = await bClosed;
    t.equal(code, 1007);
    t.match(reason, /text/, 'the reason names the field');
    t.notOk(otherGot, 'other rooms heard nothing');
    a.close();
    other.close();
  });

  t.test("onInvalidMessage 'error' answers and keeps the socket open", async (t) => {
    const ws = await opened(`${base}/strict`);
    ws.send('not json');
    const error = JSON.parse((await nextMessage(ws)).data);
    t.equal(error.type, 'error');
    t.match(error.detail[0].msg, /Malformed JSON/);
    ws.send('{"n":21}');
    t.same(JSON.parse((await nextMessage(ws)).data), { doubled: 42 }, 'still open');
    ws.close();
  });

  t.test(
    'messages from other processes reach local subscribers; api.publish reaches every one',
    async (t) => {
      const ws = await opened(`${base}/rooms/lobby?name=cy`);
      const fromElsewhere = nextMessage(ws);
      relay.deliver?.({ topic: 'room:lobby', data: 'relayed', isBinary: false });
      t.equal((await fromElsewhere).data, 'relayed');
      const fromHttp = nextMessage(ws);
      const sentBefore = relay.sent.length;
      t.equal((await fetch(`${server.url}/publish/room:lobby`)).status, 200);
      t.equal((await fromHttp).data, 'from http');
      t.equal(relay.sent.length, sentBefore + 1, 'relayed once');
      ws.close();
    },
  );

  t.test('subprotocols: the route picks its preferred one among those offered', async (t) => {
    const ws = new WebSocket(`${base}/proto`, ['chat.v1', 'chat.v2']);
    const first = nextMessage(ws);
    t.equal((await first).data, 'chat.v2', 'the handler sees the choice');
    t.equal(ws.protocol, 'chat.v2', 'and the handshake names it');
    ws.close();
  });

  t.test('a throwing handler is logged and closes with 1011; the server goes on', async (t) => {
    const before = errors.length;
    const ws = await opened(`${base}/throws`);
    ws.send('x');
    t.equal((await closed(ws)).code, 1011);
    t.ok(errors.length > before, 'logged');
    const echo = await opened(`${base}/echo`);
    echo.send('still here');
    t.equal((await nextMessage(echo)).data, 'still here');
    echo.close();
  });

  t.test('a reader slower than maxBackpressure is disconnected, not buffered without end', async (t) => {
    const ws = await opened(`${base}/slow-reader`);
    let received = 0;
    ws.on('message', (data: Buffer) => {
      received += data.length;
    });
    // Stop reading: the server's sends pile up in its buffer.
    const socket = (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    const wsClosed = closed(ws);
    ws.send('go');
    const deadline = Date.now() + 10_000;
    while (!warnings.some((w) => /too slow/.test(w)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    t.ok(
      warnings.some((w) => /too slow/.test(w)),
      'the server gave up on it and said why',
    );
    socket.resume();
    t.equal((await wsClosed).code, 1006, 'dropped without a close handshake');
    t.ok(received < 64 * 256 * 1024, `only part of the 16 MiB was sent (${received} bytes)`);
  });

  t.end();
});

t.test('graceful close: 1001 only after an in-flight message handler finished', async (t) => {
  const server = await nodeTransport.listen(api.compile(), { port: 0 });
  const ws = await opened(`${server.url.replace('http:', 'ws:')}/busy`);
  const messages: string[] = [];
  ws.on('message', (data) => messages.push(data.toString()));
  const wsClosed = closed(ws);
  ws.send('work');
  while (!releaseSlow) await new Promise((r) => setTimeout(r, 10));
  const stopping = server.close({ graceMs: 5_000 });
  await new Promise((r) => setTimeout(r, 50));
  releaseSlow();
  t.same(await wsClosed, { code: 1001, reason: 'server shutting down' });
  t.same(messages, ['done'], 'the in-flight answer went out first');
  await stopping;
});
