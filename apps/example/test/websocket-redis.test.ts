/**
 * The example's chat rooms across processes through a real Redis (REDIS_URL, from
 * scripts/redis/with-redis.sh): two node:http instances, each its own process and adapter; and
 * uWS with P=2, whose processes share the port.
 */
import { WsClient } from '@bolt/conformance';
import t, { type Test } from 'tap';
import { startExample } from './websocket-example.js';

const redisUrl = process.env.BOLT_TEST_REDIS_URL;
if (!redisUrl) {
  t.fail(
    'BOLT_TEST_REDIS_URL is not set: run through scripts/redis/with-redis.sh (scripts/run-tests.sh does)',
  );
  process.exit(1);
}
t.setTimeout(120_000);

async function connect(t: Test, url: string): Promise<WsClient> {
  const ws = await WsClient.connect(url);
  t.teardown(() => ws.terminate());
  return ws;
}

/** Says hello in the room and waits for it to come back: then the socket is subscribed. */
async function say(ws: WsClient, text: string): Promise<unknown> {
  ws.send(JSON.stringify({ text }));
  return ws.nextJson(10_000);
}

t.test('two node:http instances share a room through Redis', async (t) => {
  const room = `r${process.pid}`;
  const [a, b] = await Promise.all([
    startExample(t, { REDIS_URL: redisUrl }),
    startExample(t, { REDIS_URL: redisUrl }),
  ]);
  const ann = await connect(t, `${a.wsUrl}/ws/chat/${room}?name=ann`);
  t.same(await say(ann, 'ann here'), { room, text: 'ann here', from: 'ann' });
  const bob = await connect(t, `${b.wsUrl}/ws/chat/${room}?name=bob`);
  t.same(await say(bob, 'bob here'), { room, text: 'bob here', from: 'bob' });
  t.same(await ann.nextJson(), { room, text: 'bob here', from: 'bob' }, 'published on b, received on a');
  ann.send(JSON.stringify({ text: 'hi bob' }));
  t.same(await bob.nextJson(), { room, text: 'hi bob', from: 'ann' }, 'published on a, received on b');
  t.same(
    await ann.nextJson(),
    { room, text: 'hi bob', from: 'ann' },
    'once on a (its echo through Redis dropped)',
  );
  ann.send(JSON.stringify({ text: 'last' }));
  t.same(await ann.nextJson(), { room, text: 'last', from: 'ann' }, 'no duplicate before the next message');
});

t.test('uWS with P=2: every socket gets every message, whichever process holds it', async (t) => {
  const room = `p2-${process.pid}`;
  const server = await startExample(t, { TRANSPORT: 'uws', P: '2', WORKERS: '1', REDIS_URL: redisUrl });
  // Each connection lands on one of the two processes as the kernel spreads them over the shared
  // port; with 8 sockets, both processes hold some (all on one: 1 chance in 128).
  const names = Array.from({ length: 8 }, (_, i) => `u${i}`);
  const sockets: WsClient[] = [];
  for (const name of names) {
    const ws = await connect(t, `${server.wsUrl}/ws/chat/${room}?name=${name}`);
    t.match(await say(ws, `${name} here`), { from: name }, `${name} subscribed`);
    sockets.push(ws);
  }
  // Drain the joins each socket saw, then one round where everyone speaks.
  const seen = sockets.map(() => new Set<string>());
  for (const [i, ws] of sockets.entries()) ws.send(JSON.stringify({ text: `round from ${names[i]}` }));
  const deadline = Date.now() + 20_000;
  for (const [i, ws] of sockets.entries()) {
    while ((seen[i] as Set<string>).size < names.length && Date.now() < deadline) {
      const message = (await ws.nextJson(Math.max(1, deadline - Date.now()))) as
        | { text?: string }
        | undefined;
      if (!message) break;
      if (message.text?.startsWith('round from ')) (seen[i] as Set<string>).add(message.text);
    }
  }
  t.same(
    seen.map((s) => s.size),
    names.map(() => names.length),
    'each of the 8 sockets received all 8 messages',
  );
});
