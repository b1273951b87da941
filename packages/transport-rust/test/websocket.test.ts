// WebSocket routes on the Rust engine over real sockets: hyper answers the upgrade, tungstenite
// parses the frames in Rust, and the app's handlers run on the JS thread that accepted the socket.
import { exchange } from '@bolt/conformance';
import type { RunningServer } from '@bolt/core';
import t, { type Test } from 'tap';
import { serve } from '../src/index.js';
import { api } from './fixtures/ws-app.js';
import { clientFrame, open, RawClient, within } from './ws-client.js';

const appModule = { module: new URL('./fixtures/ws-app.js', import.meta.url), export: 'api' };

async function start(t: Test, workers = 1): Promise<{ server: RunningServer; ws: string }> {
  const server = await (workers === 1
    ? serve(api, { port: 0, handleSignals: false })
    : serve(appModule, { port: 0, workers, handleSignals: false }));
  t.teardown(() => server.close({ graceMs: 1000 }));
  return { server, ws: server.url.replace('http:', 'ws:') };
}

t.test('echoes text and binary messages', async (t) => {
  const { ws } = await start(t);
  const c = await open(`${ws}/ws/echo`);
  c.ws.send('héllo');
  t.same(await c.next(), { data: 'héllo', isBinary: false });
  const bytes = Buffer.from([0, 1, 2, 255]);
  c.ws.send(bytes);
  t.same(await c.next(), { data: bytes, isBinary: true });
  const big = Buffer.alloc(200_000, 7);
  c.ws.send(big);
  const back = await c.next();
  t.ok(back.isBinary && Buffer.compare(back.data as Buffer, big) === 0, 'a 200 KB message comes back whole');
  c.ws.close(1000, 'done');
  t.equal((await c.closed).code, 1000, 'the closing handshake completes with the client code');
});

t.test('a fragmented message is delivered joined', async (t) => {
  const { ws } = await start(t);
  const c = await open(`${ws}/ws/echo`);
  c.ws.send('frag', { fin: false });
  c.ws.send('men', { fin: false });
  c.ws.send('ted', { fin: true });
  t.same(await c.next(), { data: 'fragmented', isBinary: false });
  c.ws.close();
});

t.test('typed JSON messages; an invalid one closes with 1007', async (t) => {
  const { ws } = await start(t);
  const c = await open(`${ws}/ws/typed`);
  c.ws.send(JSON.stringify({ text: 'hi' }));
  t.same(JSON.parse(await c.text()), { got: 'hi' });
  c.ws.send(JSON.stringify({ text: 42 }));
  const closed = await within(c.closed, 10_000, 'close');
  t.equal(closed.code, 1007);
  t.match(closed.reason, /invalid message/);
});

t.test('a hook refuses the upgrade with 401 before the handshake', async (t) => {
  const { ws } = await start(t);
  const refused = await open(`${ws}/ws/private`).catch((e: { status?: number }) => e);
  t.equal((refused as { status?: number }).status, 401, 'the client sees unexpected-response 401');
  const c = await open(`${ws}/ws/private`, undefined, { authorization: 'Bearer letmein' });
  c.ws.send('in');
  t.equal(await c.text(), 'in', 'with the credential the upgrade is accepted');
  c.ws.close();
});

t.test('a plain GET to a WebSocket route is 426', async (t) => {
  const { server } = await start(t);
  const res = await fetch(`${server.url}/ws/echo`);
  t.equal(res.status, 426);
  t.equal(res.headers.get('upgrade'), 'websocket');
  await res.text();
});

t.test('a subprotocol is negotiated', async (t) => {
  const { ws } = await start(t);
  const c = await open(`${ws}/ws/proto`, ['chat.v1', 'chat.v2']);
  t.equal(c.ws.protocol, 'chat.v2', "the route's preferred protocol among the offered ones");
  t.equal(await c.text(), 'protocol chat.v2');
  c.ws.close();
});

t.test('a message over maxPayload closes with 1009', async (t) => {
  const { ws } = await start(t);
  const c = await open(`${ws}/ws/small`);
  c.ws.send('x'.repeat(1024));
  t.equal((await c.text()).length, 1024, 'a message of exactly maxPayload passes');
  c.ws.send('x'.repeat(1025));
  t.equal((await within(c.closed, 10_000, 'close')).code, 1009);
  const f = await open(`${ws}/ws/small`);
  f.ws.send('x'.repeat(600), { fin: false });
  f.ws.send('x'.repeat(600), { fin: true });
  t.equal((await within(f.closed, 10_000, 'close')).code, 1009, 'fragments count together');
});

t.test('invalid UTF-8 in a text message closes with 1007', async (t) => {
  const { server } = await start(t);
  const raw = await RawClient.connect(server.port, '/ws/echo');
  raw.send(clientFrame(0x1, Buffer.from([0x68, 0xff, 0xfe])));
  const close = await raw.frame(0x8);
  t.equal(close.payload.readUInt16BE(0), 1007);
  await raw.end();
  t.pass('and the server closes the connection');
});

t.test('pings keep a live client open; a silent one is dropped after idleTimeout', async (t) => {
  const { server, ws } = await start(t);
  const live = await open(`${ws}/ws/idle`);
  let pings = 0;
  live.ws.on('ping', () => pings++);
  const silent = await RawClient.connect(server.port, '/ws/idle');
  await silent.frame(0x9, 5_000);
  t.pass('the server pings');
  await silent.end(10_000);
  t.pass('a client that answers no ping is dropped');
  t.ok(pings > 0, 'the ws client was pinged');
  live.ws.send('still here');
  t.equal(await live.text(), 'still here', 'the client that answers pings stays open');
  live.ws.close();
});

t.test('pub/sub fans out to every subscriber of a topic in the worker', async (t) => {
  const { ws } = await start(t);
  const [a1, a2, b] = await Promise.all([
    open(`${ws}/ws/room/a`),
    open(`${ws}/ws/room/a`),
    open(`${ws}/ws/room/b`),
  ]);
  for (const c of [a1, a2, b]) t.equal(await c.text(), 'joined');
  a1.ws.send('hi');
  t.equal(await a1.text(), 'a: hi', 'the sender is subscribed too');
  t.equal(await a2.text(), 'a: hi');
  b.ws.send('yo');
  t.equal(await b.text(), 'b: yo', 'room b sees only its own message');
  t.equal(a2.pending, 0, 'room a did not get room b');
  for (const c of [a1, a2, b]) c.ws.close();
});

t.test('close() closes open sockets with 1001 and waits for them', async (t) => {
  const server = await serve(api, { port: 0, handleSignals: false });
  const ws = server.url.replace('http:', 'ws:');
  const clients = await Promise.all([open(`${ws}/ws/echo`), open(`${ws}/ws/room/z`)]);
  await within(server.close({ graceMs: 5000 }), 10_000, 'close');
  for (const c of clients) t.equal((await within(c.closed, 1000, 'close')).code, 1001);
});

t.test('workers: 2, sockets on both threads, and 1001 at close', async (t) => {
  const server = await serve(appModule, { port: 0, workers: 2, handleSignals: false });
  const ws = server.url.replace('http:', 'ws:');
  const clients = await Promise.all(Array.from({ length: 8 }, () => open(`${ws}/ws/echo`)));
  const threads = new Set<string>();
  for (const c of clients) {
    c.ws.send('who');
    threads.add(await c.text());
    c.ws.send(Buffer.from('bin'));
    t.same(await c.next(), { data: Buffer.from('bin'), isBinary: true });
  }
  t.equal(threads.size, 2, `sockets live on both workers (${[...threads].join(', ')})`);
  t.notOk(threads.has('0'), 'none on the main thread');
  await within(server.close({ graceMs: 5000 }), 20_000, 'close');
  for (const c of clients) t.equal((await within(c.closed, 1000, 'close')).code, 1001);
});

t.test('a JS thread that falls behind stops Rust reading (TCP holds the client back)', async (t) => {
  // Workers, so that the stalled JS thread is not this one (the client's).
  const { ws } = await start(t, 2);
  const c = await open(`${ws}/ws/count`);
  c.ws.send('block');
  const chunk = Buffer.alloc(512 * 1024, 1);
  for (let i = 0; i < 80; i++) c.ws.send(chunk);
  await new Promise((r) => setTimeout(r, 1000));
  // 40 MiB sent while the thread is stalled: Rust buffers at most 8 MiB for it, the kernel a few.
  t.ok(
    c.ws.bufferedAmount > 16 * 1024 * 1024,
    `the client still holds ${c.ws.bufferedAmount} bytes it could not send`,
  );
  c.ws.send('count');
  t.equal(await c.text(20_000), '80', 'every message arrives once the thread catches up');
  c.ws.close();
});

t.test('a broken handshake is 400 before any hook runs', async (t) => {
  const { server } = await start(t);
  const head = (extra: string) =>
    `GET /ws/private HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n${extra}\r\n`;
  for (const [what, extra] of [
    ['no key', 'Sec-WebSocket-Version: 13\r\n'],
    ['a short key', 'Sec-WebSocket-Key: abc\r\nSec-WebSocket-Version: 13\r\n'],
    ['version 8', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n'],
  ] as const) {
    const got = (await exchange(server.port, head(extra))).responses[0];
    t.equal(got?.status, 400, `${what}: 400 (the route's 401 hook never ran)`);
  }
});

t.test(
  'send reports back-pressure and drain follows; a reader over maxBackpressure is dropped',
  async (t) => {
    const { ws } = await start(t);
    const c = await open(`${ws}/ws/flood`);
    c.ws.send('until-buffered');
    let chunks = 0;
    let last = '';
    for (;;) {
      last = await c.text();
      if (!last.startsWith('y')) break;
      chunks++;
    }
    t.equal(last, `drained after ${chunks}`, 'drain came after every chunk the handler sent');
    t.ok(chunks > 1, `${chunks} chunks went before a send reported buffered`);

    const slow = await open(`${ws}/ws/flood`);
    slow.ws.pause();
    slow.ws.send('overflow');
    await new Promise((r) => setTimeout(r, 1000));
    slow.ws.resume();
    t.equal((await within(slow.closed, 20_000, 'close')).code, 1006, 'the slow reader was dropped');
  },
);
