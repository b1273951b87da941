/**
 * Conformance: WebSocket routes on a real engine. The handshake and what refuses it, messages text
 * and binary, fragments with control frames between them, ping/pong, close codes (the client's
 * echoed, 1007 for an invalid message or invalid UTF-8, 1009 over the limit, 1001 on shutdown),
 * subprotocols and pub/sub fan-out. What a library client will not send goes over a raw socket.
 */
import type { RunningServer } from '@bolt/core/transport';
import type { Test } from 'tap';
import { exchange } from '../raw-http.js';
import { acceptFor, closePayload, Opcode, RawWebSocket } from '../raw-websocket.js';
import type { AppSpec, ConformanceTarget } from '../target.js';
import { ECHO_MAX_PAYLOAD, IDLE_TIMEOUT_S } from '../websocket-app.js';
import { WsClient } from '../ws-client.js';

export interface WebSocketCaseContext {
  server: RunningServer;
  target: ConformanceTarget;
  spec: AppSpec;
}

const wsUrl = (server: RunningServer, path: string) => `${server.url.replace(/^http/, 'ws')}${path}`;

/** Opens a raw socket to `path` that must be accepted. */
async function rawOpen(t: Test, server: RunningServer, path: string): Promise<RawWebSocket> {
  const { ws, response } = await RawWebSocket.connect(server.port, path);
  if (!ws) throw new Error(`upgrade to ${path} refused: ${response?.status ?? 'no answer'}`);
  t.teardown(() => ws.destroy());
  return ws;
}

async function client(
  t: Test,
  server: RunningServer,
  path: string,
  options?: Parameters<typeof WsClient.connect>[1],
) {
  const ws = await WsClient.connect(wsUrl(server, path), options);
  t.teardown(() => ws.terminate());
  return ws;
}

export async function testWebSocketHandshake(t: Test, { server }: WebSocketCaseContext): Promise<void> {
  t.test('101 with the accept key of RFC 6455', async (t) => {
    const { key, response, ws } = await RawWebSocket.connect(server.port, '/ws/echo');
    ws?.destroy();
    t.equal(response?.status, 101);
    t.equal(response?.headers.upgrade?.toLowerCase(), 'websocket');
    t.match(response?.headers.connection ?? '', /upgrade/i);
    t.equal(
      response?.headers['sec-websocket-accept'],
      acceptFor(key),
      'sec-websocket-accept is base64(sha1(key + GUID))',
    );
    t.notOk(response?.headers['sec-websocket-protocol'], 'no subprotocol when none was offered');
    t.equal(response?.headers['x-conformance'], 'ws', "an onSend hook's header is on the 101");
  });

  t.test('the route picks its preferred subprotocol among those offered', async (t) => {
    const both = await RawWebSocket.connect(server.port, '/ws/echo', { protocols: 'bolt.v1, bolt.v2' });
    both.ws?.destroy();
    t.equal(both.response?.status, 101);
    t.equal(both.response?.headers['sec-websocket-protocol'], 'bolt.v2', "the route's first choice wins");
    const one = await RawWebSocket.connect(server.port, '/ws/echo', { protocols: 'x.unknown, bolt.v1' });
    one.ws?.destroy();
    t.equal(one.response?.headers['sec-websocket-protocol'], 'bolt.v1', 'the only one it speaks');
    const none = await RawWebSocket.connect(server.port, '/ws/echo', { protocols: 'x.unknown' });
    none.ws?.destroy();
    t.equal(none.response?.status, 101, 'still accepted');
    t.notOk(none.response?.headers['sec-websocket-protocol'], 'with no subprotocol');
    const ws = await client(t, server, '/ws/echo', { protocols: ['bolt.v1'] });
    t.equal(ws.socket.protocol, 'bolt.v1', 'a library client sees it too');
  });

  t.test('refused before the handshake', async (t) => {
    const anonymous = await RawWebSocket.connect(server.port, '/ws/guarded');
    t.equal(anonymous.response?.status, 401, 'a dependency that throws 401 refuses the upgrade');
    t.equal(anonymous.response?.headers['www-authenticate'], 'Bearer');
    t.equal(anonymous.response?.headers['x-conformance'], 'ws', 'the refusal went through onSend too');
    t.notOk(anonymous.ws, 'no WebSocket');
    const authed = await RawWebSocket.connect(server.port, '/ws/guarded', {
      headers: { Authorization: 'Bearer good' },
    });
    t.equal(authed.response?.status, 101, 'with the token it is accepted');
    t.same(
      JSON.parse((await authed.ws?.nextMessage())?.payload.toString() ?? 'null'),
      { user: 'ann' },
      'and the handler sees the dependency',
    );
    authed.ws?.destroy();

    const invalid = await RawWebSocket.connect(server.port, '/ws/room/NOT_VALID');
    t.equal(invalid.response?.status, 422, 'path params are validated before the handshake');
    t.notOk(invalid.ws);

    const unknown = await RawWebSocket.connect(server.port, '/ws/nowhere');
    t.equal(unknown.response?.status, 404, 'an unknown path is 404');
    t.notOk(unknown.ws);

    const plain = await exchange(server.port, 'GET /ws/echo HTTP/1.1\r\nHost: x\r\n\r\n');
    t.equal(plain.responses[0]?.status, 426, 'a plain GET to a WebSocket route is 426 Upgrade Required');
    t.match(plain.responses[0]?.headers['content-type'] ?? '', /json/);
  });
}

export async function testWebSocketMessages(t: Test, { server }: WebSocketCaseContext): Promise<void> {
  t.test('echo: text and binary, each as it was sent', async (t) => {
    const ws = await client(t, server, '/ws/echo');
    ws.send('hello, wörld ✓');
    const text = await ws.next();
    t.same(text, { data: 'hello, wörld ✓', isBinary: false }, 'text comes back as text');
    const bytes = Buffer.from([0, 1, 2, 0xfe, 0xff, 0x80]);
    ws.send(bytes);
    const binary = await ws.next();
    t.equal(binary?.isBinary, true, 'binary comes back as binary');
    t.same(binary?.data, bytes, 'byte for byte (bytes that are not UTF-8 included)');
    ws.send('');
    t.same(await ws.next(), { data: '', isBinary: false }, 'an empty message');
    const large = Buffer.alloc(ECHO_MAX_PAYLOAD, 7);
    ws.send(large);
    t.same((await ws.next())?.data, large, 'a message of exactly maxPayload is accepted');
  });

  t.test('fragments are joined into one message, control frames between them answered', async (t) => {
    const ws = await rawOpen(t, server, '/ws/echo');
    ws.send({ fin: false, opcode: Opcode.Text, payload: Buffer.from('hel') });
    ws.send({ fin: false, opcode: Opcode.Continuation, payload: Buffer.from('lo ') });
    ws.send({ opcode: Opcode.Ping, payload: Buffer.from('mid') });
    // A multi-byte character split across two fragments is still valid UTF-8 once joined.
    const check = Buffer.from('wörld ✓');
    ws.send({ fin: false, opcode: Opcode.Continuation, payload: check.subarray(0, 2) });
    ws.send({ fin: true, opcode: Opcode.Continuation, payload: check.subarray(2) });
    const pong = await ws.nextFrame();
    t.equal(pong?.opcode, Opcode.Pong, 'the ping between fragments is answered');
    t.equal(pong?.payload.toString(), 'mid', 'with its payload');
    const message = await ws.nextMessage();
    t.equal(message?.opcode, Opcode.Text);
    t.equal(message?.payload.toString(), 'hello wörld ✓', 'one text message');

    ws.send({ fin: false, opcode: Opcode.Binary, payload: Buffer.from([1, 2]) });
    ws.send({ fin: true, opcode: Opcode.Continuation, payload: Buffer.from([3, 0xff]) });
    const binary = await ws.nextMessage();
    t.equal(binary?.opcode, Opcode.Binary);
    t.same([...(binary?.payload ?? [])], [1, 2, 3, 0xff], 'one binary message');
  });

  t.test('ping is answered with a pong carrying its payload', async (t) => {
    const ws = await rawOpen(t, server, '/ws/echo');
    ws.send({ opcode: Opcode.Ping, payload: Buffer.from('are you there') });
    const pong = await ws.nextFrame();
    t.equal(pong?.opcode, Opcode.Pong);
    t.equal(pong?.payload.toString(), 'are you there');
    t.equal(pong?.fin, true);
    const library = await client(t, server, '/ws/echo');
    const got = new Promise<string>((resolve) =>
      library.socket.once('pong', (data: Buffer) => resolve(data.toString())),
    );
    library.socket.ping('lib');
    t.equal(await got, 'lib', 'a library ping too');
  });
}

export async function testWebSocketClose(t: Test, { server, target }: WebSocketCaseContext): Promise<void> {
  t.test("the client's close 1000 is echoed, then the server ends the connection", async (t) => {
    const ws = await rawOpen(t, server, '/ws/echo');
    ws.send({ opcode: Opcode.Close, payload: closePayload(1000, 'bye') });
    const close = await ws.nextClose();
    t.equal(close?.code, 1000, 'close 1000 echoed');
    t.ok(await ws.waitForEnd(5000), 'the server closed the TCP connection');
  });

  t.test('an invalid message closes with 1007 when the route says so', async (t) => {
    const good = await client(t, server, '/ws/json');
    good.send(JSON.stringify({ text: 'hi' }));
    t.same(await good.nextJson(), { text: 'hi' }, 'a valid message is typed and answered');
    good.send(JSON.stringify({ text: 42 }));
    const wrongType = await good.closed();
    t.equal(wrongType?.code, 1007, 'a message failing the schema: 1007');
    t.match(wrongType?.reason ?? '', /text/, 'the reason names the field');
    const notJson = await client(t, server, '/ws/json');
    notJson.send('not json');
    t.equal((await notJson.closed())?.code, 1007, 'a message that is not JSON: 1007');
    const binary = await client(t, server, '/ws/json');
    binary.send(Buffer.from('{"text":"x"}'));
    t.equal((await binary.closed())?.code, 1007, 'a binary message where JSON text is expected: 1007');
  });

  t.test('invalid UTF-8 in a text frame closes with 1007', async (t) => {
    const dropped = target.knownLimits?.['ws-invalid-utf8-dropped'];
    const expected = dropped === undefined ? 1007 : undefined;
    const why =
      dropped === undefined ? '1007' : `known limit ws-invalid-utf8-dropped (${dropped}): no close frame`;
    const ws = await rawOpen(t, server, '/ws/echo');
    ws.send({ opcode: Opcode.Text, payload: Buffer.from([0x68, 0x69, 0xff, 0xfe]) });
    const close = await ws.nextClose();
    t.equal(close?.code, expected, why);
    t.ok(await ws.waitForEnd(5000), 'and the connection ends');
    const split = await rawOpen(t, server, '/ws/echo');
    // A truncated two-byte sequence at the end of the last fragment.
    split.send({ fin: false, opcode: Opcode.Text, payload: Buffer.from('ok') });
    split.send({ fin: true, opcode: Opcode.Continuation, payload: Buffer.from([0xc3]) });
    t.equal((await split.nextClose())?.code, expected, `invalid across fragments too: ${why}`);
    t.ok(await split.waitForEnd(5000), 'and that connection ends');
  });

  t.test('a message over maxPayload closes with 1009', async (t) => {
    const ws = await rawOpen(t, server, '/ws/echo');
    ws.send({ opcode: Opcode.Binary, payload: Buffer.alloc(ECHO_MAX_PAYLOAD + 1, 1) });
    t.equal((await ws.nextClose())?.code, 1009, 'one frame over the limit');
    const fragmented = await rawOpen(t, server, '/ws/echo');
    const half = Buffer.alloc(ECHO_MAX_PAYLOAD / 2 + 1, 2);
    fragmented.send({ fin: false, opcode: Opcode.Binary, payload: half });
    fragmented.send({ fin: true, opcode: Opcode.Continuation, payload: half });
    t.equal((await fragmented.nextClose())?.code, 1009, 'fragments each under it that add up to more');
    const library = await client(t, server, '/ws/echo');
    library.send('x'.repeat(ECHO_MAX_PAYLOAD + 1));
    t.equal((await library.closed())?.code, 1009, 'a text message over it');
  });
}

export async function testWebSocketPubSub(t: Test, { server }: WebSocketCaseContext): Promise<void> {
  t.test('a message published to a room reaches every socket in it, and only those', async (t) => {
    const a = await client(t, server, '/ws/room/lobby');
    const b = await client(t, server, '/ws/room/lobby');
    const other = await client(t, server, '/ws/room/elsewhere');
    // Each socket says it is subscribed before anything is published.
    t.same(await a.nextJson(), { joined: 'lobby' });
    t.same(await b.nextJson(), { joined: 'lobby' });
    t.same(await other.nextJson(), { joined: 'elsewhere' });
    a.send('hi all');
    const expected = { room: 'lobby', text: 'hi all' };
    t.same(await b.nextJson(), expected, 'the other socket in the room got it');
    t.same(await a.nextJson(), expected, 'the sender (subscribed) got it too');
    const bytes = Buffer.from([0, 0xff, 0x10]);
    b.send(bytes);
    const binaryA = await a.next();
    t.equal(binaryA?.isBinary, true, 'a binary publish arrives as binary');
    t.same(binaryA?.data, bytes, 'byte for byte');
    t.same((await b.next())?.data, bytes);
    // Anything from the lobby would have arrived before this socket's own message.
    other.send('ping');
    t.same(
      await other.nextJson(),
      { room: 'elsewhere', text: 'ping' },
      'the other room saw nothing of the lobby',
    );
  });

  t.test('an HTTP route publishes to the room (api.publish)', async (t) => {
    const ws = await client(t, server, '/ws/room/news');
    t.same(await ws.nextJson(), { joined: 'news' });
    const response = await fetch(`${server.url}/rooms/news/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'extra' }),
    });
    t.equal(response.status, 200);
    t.same(await ws.nextJson(), { room: 'news', text: 'extra' });
  });

  t.test('a closed socket is unsubscribed', async (t) => {
    const a = await client(t, server, '/ws/room/leave');
    const b = await client(t, server, '/ws/room/leave');
    await a.nextJson();
    await b.nextJson();
    a.close(1000);
    t.equal((await a.closed())?.code, 1000);
    b.send('after');
    t.same(await b.nextJson(), { room: 'leave', text: 'after' }, 'the room goes on without it');
  });
}

/** Closing the server closes every socket with 1001 once its in-flight message handler finished. */
export async function testWebSocketShutdown(t: Test, { target, spec }: WebSocketCaseContext): Promise<void> {
  const server = await target.start(spec);
  const idle = await WsClient.connect(wsUrl(server, '/ws/echo'));
  const busy = await WsClient.connect(wsUrl(server, '/ws/slow?ms=500'));
  t.teardown(() => {
    idle.terminate();
    busy.terminate();
  });
  busy.send('work');
  t.same(await busy.next(), { data: 'started', isBinary: false }, 'the handler is in flight');
  const closing = server.close({ graceMs: 5000 });
  t.same(await busy.next(), { data: 'done:work', isBinary: false }, 'the in-flight handler finished first');
  const busyClose = await busy.closed();
  t.equal(busyClose?.code, 1001, 'then 1001 Going Away');
  t.equal((await idle.closed())?.code, 1001, 'an idle socket gets 1001 too');
  await closing;
  await t.rejects(
    WsClient.connect(wsUrl(server, '/ws/echo'), { timeoutMs: 2000 }),
    'no new WebSocket after close',
  );
}

/** Idle timeout: a peer that answers no ping is dropped; one that answers stays open, silent or not. */
export async function testWebSocketIdle(t: Test, { server }: WebSocketCaseContext): Promise<void> {
  const live = await client(t, server, '/ws/idle');
  let liveClosed = false;
  live.socket.once('close', () => {
    liveClosed = true;
  });
  const silent = await rawOpen(t, server, '/ws/idle');
  // The raw socket reads frames but never answers a ping: the engine must end it. Generous bound:
  // engines round timers (uWS to 4 s) and a busy machine runs late.
  const deadline = Date.now() + (IDLE_TIMEOUT_S * 3 + 20) * 1000;
  let pinged = false;
  while (!silent.closed && Date.now() < deadline) {
    const frame = await silent.nextFrame(Math.max(1, deadline - Date.now()));
    if (frame?.opcode === Opcode.Ping) pinged = true;
    if (!frame) break;
  }
  t.ok(
    silent.closed || (await silent.waitForEnd(1000)),
    'a peer silent past the idle timeout is disconnected',
  );
  t.ok(pinged, 'the engine pinged it before giving up (pings keep a live but quiet peer open)');
  t.notOk(liveClosed, 'a peer answering pings (the ws client) is still open after the same time');
  live.send('still here');
  t.same(await live.next(), { data: 'still here', isBinary: false }, 'and still served');
}
