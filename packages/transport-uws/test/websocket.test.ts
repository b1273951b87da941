/**
 * WebSocket routes on uWS's own `app.ws`, over real sockets with the `ws` client (and a raw TCP
 * client where `ws` would refuse to send what is tested): the handshake decided by Bolt, frames,
 * limits and close codes from uWS, native pub/sub, and the 1001 close of a graceful shutdown.
 */
import net from 'node:net';
import { BoltAPI, json, t as s } from '@bolt/core';
import t from 'tap';
import WebSocket from 'ws';
import { listen, serve } from '../src/index.js';
import { until } from './helpers.js';

type Closed = { code: number; reason: string };

function opened(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}
const nextMessage = (ws: WebSocket) =>
  new Promise<{ data: string; isBinary: boolean; bytes: Buffer }>((resolve) =>
    ws.once('message', (data: Buffer, isBinary) => resolve({ data: data.toString(), isBinary, bytes: data })),
  );
/** Connects and resolves with the first message, listened for before `open`. */
async function greeted(url: string): Promise<{ ws: WebSocket; first: string }> {
  const ws = new WebSocket(url);
  ws.once('error', () => undefined);
  return { ws, first: (await nextMessage(ws)).data };
}
const closed = (ws: WebSocket) =>
  new Promise<Closed>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
/** The HTTP status (and body) of a refused upgrade. */
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

/** A raw client: handshake by hand, then frames as bytes (masked, as a client must). */
async function rawSocket(port: number, path: string) {
  const socket = net.connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  let ended = false;
  socket.on('data', (d) => chunks.push(d));
  socket.on('close', () => {
    ended = true;
  });
  socket.on('error', () => undefined);
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  const received = () => Buffer.concat(chunks);
  await until(() => received().includes('\r\n\r\n'), { timeoutMs: 10_000 });
  const headLength = received().indexOf('\r\n\r\n') + 4;
  return {
    head: received().subarray(0, headLength).toString(),
    /** Sends one frame with `opcode` (0x1 text, 0x2 binary) and FIN set. */
    frame(opcode: number, payload: Buffer) {
      const mask = Buffer.from([0x11, 0x22, 0x33, 0x44]);
      const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
      const length =
        payload.length < 126
          ? Buffer.from([0x80 | payload.length])
          : Buffer.from([0x80 | 126, payload.length >> 8, payload.length & 0xff]);
      socket.write(Buffer.concat([Buffer.from([0x80 | opcode]), length, mask, masked]));
    },
    /** Frames the server sent after the handshake. */
    after: () => received().subarray(headLength),
    ended: () => ended,
    destroy: () => socket.destroy(),
  };
}

/** Server-side close codes by route, as the routes' close handlers saw them. */
const serverClosed = new Map<string, number>();

function appUnderTest() {
  const api = new BoltAPI();
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
  api.ws(
    '/proto',
    { protocols: ['chat.v2', 'chat.v1'] },
    { open: (ws) => void ws.send(String(ws.protocol)) },
  );
  api.ws(
    '/small',
    { maxPayload: 1024 },
    {
      message(ws, data) {
        ws.send(data);
      },
    },
  );
  api.ws(
    '/slow-reader',
    { maxBackpressure: 64 * 1024 },
    {
      message(ws) {
        const chunk = new Uint8Array(256 * 1024);
        for (let i = 0; i < 64 && ws.send(chunk) !== 'dropped'; i++);
      },
      close: (_ws, code) => void serverClosed.set('slow-reader', code),
    },
  );
  api.ws(
    '/publish-slow',
    { maxBackpressure: 64 * 1024 },
    {
      open(ws) {
        ws.subscribe('flood');
      },
      message(ws) {
        const chunk = new Uint8Array(256 * 1024);
        for (let i = 0; i < 64; i++) ws.publish('flood', chunk);
      },
      close: (_ws, code) => void serverClosed.set('publish-slow', code),
    },
  );
  return api;
}

t.test('uWS WebSockets', async (t) => {
  const server = await listen(appUnderTest().compile(), { port: 0 });
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

  t.test('a fragmented message arrives whole', async (t) => {
    const ws = await opened(`${base}/echo`);
    ws.send('frag', { fin: false });
    ws.send('men', { fin: false });
    ws.send('ted', { fin: true });
    t.equal((await nextMessage(ws)).data, 'fragmented');
    ws.send(Buffer.from([1, 2]), { fin: false, binary: true });
    ws.send(Buffer.from([3]), { fin: true, binary: true });
    t.same([...(await nextMessage(ws)).bytes], [1, 2, 3]);
    ws.close();
  });

  t.test('the upgrade is bound and checked before the handshake', async (t) => {
    t.equal(await refusedWith(`${base}/rooms/a?name=x`), 422, 'params failing their schema');
    t.equal(await refusedWith(`${base}/rooms/ab`), 422, 'a required query value missing');
    t.equal(await refusedWith(`${base}/guarded`), 401, 'an onRequest hook refusing it');
    t.equal(await refusedWith(`${base}/nowhere`), 404, 'no such route');
    // Listening before `open`: the welcome may arrive in the same read as the handshake.
    const ws = new WebSocket(`${base}/guarded`, { headers: { authorization: 'Bearer ok' } });
    t.equal((await nextMessage(ws)).data, 'welcome', 'the same hook letting it through');
    ws.close();
    const plain = await fetch(`${server.url}/echo`);
    t.equal(plain.status, 426, 'a plain GET is told to upgrade');
    t.equal(plain.headers.get('upgrade'), 'websocket');
    await plain.text();
  });

  t.test(
    'typed messages: valid ones fan out natively to the room, invalid ones close with 1007',
    async (t) => {
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
      const bClosed = closed(b);
      b.send('{"text": 5}');
      const { code, reason } = await bClosed;
      t.equal(code, 1007);
      t.match(reason, /text/, 'the reason names the field');
      t.notOk(otherGot, 'other rooms heard nothing');
      a.close();
      other.close();
    },
  );

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

  t.test('subprotocols: the route picks its preferred one among those offered', async (t) => {
    const ws = new WebSocket(`${base}/proto`, ['chat.v1', 'chat.v2']);
    t.equal((await nextMessage(ws)).data, 'chat.v2', 'the handler sees the choice');
    t.equal(ws.protocol, 'chat.v2', 'and the handshake names it');
    ws.close();
  });

  t.test('a message over maxPayload closes with 1009', async (t) => {
    const ws = await opened(`${base}/small`);
    ws.send('x'.repeat(1024));
    t.equal((await nextMessage(ws)).data.length, 1024, 'a message at the limit is taken');
    const wsClosed = closed(ws);
    ws.send('x'.repeat(1025));
    t.equal((await wsClosed).code, 1009);
  });

  t.test('a raw client: over maxPayload is a 1009 close frame; invalid UTF-8 text is refused', async (t) => {
    const big = await rawSocket(server.port, '/small');
    t.match(big.head, /^HTTP\/1\.1 101 /);
    big.frame(0x2, Buffer.alloc(1500));
    t.ok(await until(() => big.after().length >= 4, { timeoutMs: 10_000 }), 'a close frame came');
    t.equal(big.after()[0], 0x88, 'it is a close frame');
    t.equal(big.after().readUInt16BE(2), 1009);
    big.destroy();
    // uWS 20.30 validates text UTF-8 itself and drops the connection without a close frame (1006
    // for the client) rather than sending 1007: the message never reaches Bolt.
    const bad = await rawSocket(server.port, '/echo');
    bad.frame(0x1, Buffer.from([0xff, 0xfe, 0x41]));
    t.ok(await until(bad.ended, { timeoutMs: 10_000 }), 'the connection is closed');
    t.equal(bad.after().length, 0, 'nothing was echoed');
    bad.destroy();
  });

  // 64 messages of 256 KiB to a client that reads nothing: without the limit the server would hold
  // 16 MiB for it. A paused client cannot see the close until it reads again, so the server's own
  // close handler says when it happened.
  for (const route of ['slow-reader', 'publish-slow']) {
    t.test(
      `${route}: a reader slower than maxBackpressure is disconnected, not buffered without end`,
      async (t) => {
        const ws = await opened(`${base}/${route}`);
        const socket = (ws as unknown as { _socket: { pause(): void; resume(): void; bytesRead: number } })
          ._socket;
        socket.pause();
        const wsClosed = closed(ws);
        ws.send('go');
        t.ok(await until(() => serverClosed.has(route), { timeoutMs: 10_000 }), 'the server closed it');
        t.equal(serverClosed.get(route), 1006, 'dropped without a close handshake');
        socket.resume();
        t.equal((await wsClosed).code, 1006, 'the client sees the connection end');
        t.ok(socket.bytesRead < 8 * 1024 * 1024, `it got ${socket.bytesRead} bytes, far from 16 MiB`);
      },
    );
  }

  t.end();
});

t.test("a route uWS's router cannot express is upgraded through Bolt's router", async (t) => {
  const api = new BoltAPI();
  api.ws(
    '/ws/x*y/{id}',
    { maxPayload: 100 },
    { message: (ws, data) => void ws.send(`${ws.ctx.params.id}:${data}`) },
  );
  api.get('/plain', () => ({ ok: true }));
  const server = await listen(api.compile(), { port: 0 });
  t.teardown(() => server.close({ graceMs: 0 }));
  const base = server.url.replace('http:', 'ws:');
  const ws = await opened(`${base}/ws/x*y/7`);
  ws.send('hi');
  t.equal((await nextMessage(ws)).data, '7:hi', 'echoed with its param');
  const wsClosed = closed(ws);
  ws.send('x'.repeat(101));
  t.equal((await wsClosed).code, 1009, "held to its own route's maxPayload");
  t.equal(await refusedWith(`${base}/nowhere`), 404, 'other paths are answered as before');
  t.equal(await refusedWith(`${base}/plain`), 200, 'an HTTP route answers an upgrade as HTTP');
  const plain = await fetch(`${server.url}/ws/x*y/7`);
  t.equal(plain.status, 426, 'its plain GET is 426');
  await plain.text();
});

t.test('server.close(): open sockets get 1001 and the server stops within grace', async (t) => {
  const api = new BoltAPI();
  api.ws('/echo', { message: (ws, data) => void ws.send(data) });
  const server = await listen(api.compile(), { port: 0 });
  const base = server.url.replace('http:', 'ws:');
  const sockets = await Promise.all([opened(`${base}/echo`), opened(`${base}/echo`)]);
  const closes = sockets.map(closed);
  const started = Date.now();
  await server.close({ graceMs: 5_000 });
  t.ok(Date.now() - started < 5_000, 'stopped before the grace period ran out');
  for (const c of await Promise.all(closes)) t.same(c, { code: 1001, reason: 'server shutting down' });
});

t.test('server.close(): 1001 only after an in-flight message handler finished', async (t) => {
  const api = new BoltAPI();
  let release: (() => void) | undefined;
  api.ws('/busy', {
    async message(ws) {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      ws.send('done');
    },
  });
  const server = await listen(api.compile(), { port: 0 });
  const ws = await opened(`${server.url.replace('http:', 'ws:')}/busy`);
  const messages: string[] = [];
  ws.on('message', (data) => messages.push(data.toString()));
  const wsClosed = closed(ws);
  ws.send('work');
  await until(() => release !== undefined, { timeoutMs: 10_000 });
  const stopping = server.close({ graceMs: 10_000 });
  // The server must not have dropped the socket while its handler still runs.
  await new Promise((resolve) => setTimeout(resolve, 50));
  release!();
  t.same(await wsClosed, { code: 1001, reason: 'server shutting down' });
  t.same(messages, ['done'], 'the in-flight answer went out first');
  await stopping;
});

t.test('an upgrade still deciding when close() starts is refused 503, never opened', async (t) => {
  const api = new BoltAPI();
  let release: (() => void) | undefined;
  api.ws(
    '/late',
    {
      onRequest: () =>
        new Promise<undefined>((resolve) => {
          release = () => resolve(undefined);
        }),
    },
    { open: (ws) => void ws.send('opened') },
  );
  const server = await listen(api.compile(), { port: 0 });
  const refused = refusedWith(`${server.url.replace('http:', 'ws:')}/late`);
  await until(() => release !== undefined, { timeoutMs: 10_000 });
  const stopping = server.close({ graceMs: 10_000 });
  release!();
  t.equal(await refused, 503);
  await stopping;
});

t.test(
  'idleTimeout: uWS pings a silent peer; one that answers stays open, one that does not is closed',
  async (t) => {
    const api = new BoltAPI();
    api.ws('/quiet', { idleTimeout: 5 }, { message: (ws, data) => void ws.send(data) });
    const server = await listen(api.compile(), { port: 0 });
    t.teardown(() => server.close({ graceMs: 0 }));
    // The `ws` client answers pings by itself; the raw client answers nothing.
    const live = await opened(`${server.url.replace('http:', 'ws:')}/quiet`);
    let pings = 0;
    live.on('ping', () => pings++);
    const dead = await rawSocket(server.port, '/quiet');
    // 5 s rounds up to uWS's 8: it pings every half period (4 s here) and drops a peer that sent
    // nothing, pong included, for a whole period.
    t.ok(await until(dead.ended, { timeoutMs: 40_000, everyMs: 200 }), 'the silent raw peer was closed');
    t.ok(await until(() => pings >= 3, { timeoutMs: 40_000, everyMs: 200 }), 'the live peer was pinged on');
    t.equal(live.readyState, WebSocket.OPEN, 'and is still open, past the time the silent one was dropped');
    const echoed = nextMessage(live);
    live.send('still here');
    t.equal((await echoed).data, 'still here');
    live.close();
    dead.destroy();
  },
);

t.test('W=2: WebSockets served by every worker thread, pub/sub within a worker', async (t) => {
  const app = { module: new URL('./fixtures/websocket-app.mjs', import.meta.url), export: 'api' };
  const server = await serve(app, { port: 0, workers: 2, handleSignals: false });
  let stopped = false;
  t.teardown(() => (stopped ? undefined : server.close({ graceMs: 1000 })));
  const base = server.url.replace('http:', 'ws:');
  const threads = new Set<string>();
  const sockets: WebSocket[] = [];
  await until(
    async () => {
      const { ws, first } = await greeted(`${base}/whoami`);
      threads.add(first);
      sockets.push(ws);
      return threads.size >= 2;
    },
    { timeoutMs: 30_000 },
  );
  t.equal(threads.size, 2, 'both worker threads accepted WebSockets');
  // Fan-out within one worker: two sockets on the same thread hear each other.
  const byThread = new Map<string, WebSocket[]>();
  for (const ws of sockets) ws.close();
  let pair: [WebSocket, WebSocket] | undefined;
  await until(
    async () => {
      const { ws, first: thread } = await greeted(`${base}/room`);
      const list = byThread.get(thread) ?? [];
      list.push(ws);
      byThread.set(thread, list);
      if (list.length >= 2) pair = [list[0]!, list[1]!];
      return pair !== undefined;
    },
    { timeoutMs: 30_000 },
  );
  t.ok(pair, 'two sockets on one thread');
  const [a, b] = pair!;
  const atB = nextMessage(b);
  a.send('hello room');
  t.equal((await atB).data, 'hello room', 'published natively to the other socket of that thread');
  const closes = [...byThread.values()].flat().map(closed);
  stopped = true;
  await server.close({ graceMs: 5_000 });
  for (const c of await Promise.all(closes))
    t.equal(c.code, 1001, 'every worker closed its sockets with 1001');
});

t.test('P=2: WebSockets on both processes, each closed with 1001 by server.close()', async (t) => {
  const app = { module: new URL('./fixtures/websocket-app.mjs', import.meta.url), export: 'api' };
  const server = await serve(app, { port: 0, processes: 2, handleSignals: false });
  let stopped = false;
  t.teardown(() => (stopped ? undefined : server.close({ graceMs: 1000 })));
  const byProcess = new Map<string, WebSocket>();
  await until(
    async () => {
      const { ws, first } = await greeted(`${server.url.replace('http:', 'ws:')}/whoami`);
      const pid = first.split(':')[0]!;
      if (byProcess.has(pid)) ws.close();
      else byProcess.set(pid, ws);
      return byProcess.size >= 2;
    },
    { timeoutMs: 30_000 },
  );
  t.equal(byProcess.size, 2, 'both processes accepted WebSockets');
  const closes = [...byProcess.values()].map(closed);
  stopped = true;
  await server.close({ graceMs: 5_000 });
  for (const c of await Promise.all(closes)) t.same(c, { code: 1001, reason: 'server shutting down' });
});
