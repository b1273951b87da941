/**
 * The example's WebSocket routes over real sockets, on each engine (node:http, uWS, Rust): /ws/echo
 * echoes text and binary;
 * /ws/chat/{room} broadcasts `{"room","text","from"}` to the room and closes with 1007 on a message
 * that is not `{"text": string}`.
 */
import { WsClient } from '@bolt/conformance';
import t, { type Test } from 'tap';
import { type ExampleServer, startExample } from './websocket-example.js';

t.setTimeout(180_000);

async function connect(t: Test, server: ExampleServer, path: string): Promise<WsClient> {
  const ws = await WsClient.connect(`${server.wsUrl}${path}`);
  t.teardown(() => ws.terminate());
  return ws;
}

/** Speaks once and waits for its own message: then the socket is subscribed (whatever the engine). */
async function joined(t: Test, server: ExampleServer, path: string, name: string): Promise<WsClient> {
  const ws = await connect(t, server, path);
  ws.send(JSON.stringify({ text: `${name} here` }));
  t.match(await ws.nextJson(), { text: `${name} here`, from: name }, `${name} joined`);
  return ws;
}

async function cases(t: Test, server: ExampleServer): Promise<void> {
  await t.test('/ws/echo echoes text and binary', async (t) => {
    const ws = await connect(t, server, '/ws/echo');
    ws.send('héllo ✓');
    t.same(await ws.next(), { data: 'héllo ✓', isBinary: false });
    const bytes = Buffer.from([0, 1, 0xfe, 0xff]);
    ws.send(bytes);
    const echoed = await ws.next();
    t.equal(echoed?.isBinary, true);
    t.same(echoed?.data, bytes);
    ws.close(1000, 'done');
    t.equal((await ws.closed())?.code, 1000);
  });

  await t.test('/ws/chat/{room} broadcasts to the room, signed', async (t) => {
    const ann = await joined(t, server, '/ws/chat/lobby?name=ann', 'ann');
    const bob = await joined(t, server, '/ws/chat/lobby?name=bob', 'bob');
    // ann saw bob join (he said so in the room).
    t.same(await ann.nextJson(), { room: 'lobby', text: 'bob here', from: 'bob' });
    const eve = await joined(t, server, '/ws/chat/other?name=eve', 'eve');
    ann.send(JSON.stringify({ text: 'hi bob' }));
    const expected = { room: 'lobby', text: 'hi bob', from: 'ann' };
    t.same(await bob.nextJson(), expected, 'bob got it');
    t.same(await ann.nextJson(), expected, 'ann too');
    eve.send(JSON.stringify({ text: 'anyone?' }));
    t.same(
      await eve.nextJson(),
      { room: 'other', text: 'anyone?', from: 'eve' },
      "eve's room heard nothing of the lobby",
    );

    const anonymous = await connect(t, server, '/ws/chat/lobby');
    anonymous.send(JSON.stringify({ text: 'who am I' }));
    const signed = (await anonymous.nextJson()) as { from: string };
    t.match(
      signed,
      { room: 'lobby', text: 'who am I', from: /^anon-[0-9a-f]{8}$/ },
      'without a name: a per-socket id',
    );
    t.same(await ann.nextJson(), signed, 'the room sees the same sender');
  });

  await t.test('/ws/chat closes with 1007 on an invalid message', async (t) => {
    for (const [what, message] of [
      ['not JSON', 'hello'],
      ['no text', JSON.stringify({ message: 'x' })],
      ['text not a string', JSON.stringify({ text: 1 })],
      ['binary', Buffer.from('{"text":"x"}')],
    ] as const) {
      const ws = await connect(t, server, '/ws/chat/lobby');
      ws.send(message);
      const closed = await ws.closed();
      t.equal(closed?.code, 1007, what);
    }
  });

  await t.test('refused before the handshake', async (t) => {
    const plain = await fetch(`${server.url}/ws/echo`);
    t.equal(plain.status, 426, 'a plain GET is 426');
    await plain.arrayBuffer();
    await t.rejects(
      WsClient.connect(`${server.wsUrl}/ws/chat/not%20a%20room`),
      /422/,
      'an invalid room is 422',
    );
    await t.rejects(WsClient.connect(`${server.wsUrl}/ws/nowhere`), /404/, 'an unknown path is 404');
  });
}

for (const transport of ['node', 'uws', 'rust']) {
  t.test(`TRANSPORT=${transport}`, async (t) => {
    const server = await startExample(t, { TRANSPORT: transport });
    await cases(t, server);
  });
}
