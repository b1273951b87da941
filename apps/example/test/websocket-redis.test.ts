/**
 * The example's chat rooms across processes through a real Redis (REDIS_URL, from
 * scripts/redis/with-redis.sh): two node:http instances, each its own process and adapter; and
 * uWS and Rust with P=2, whose processes share the port.
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

type Chat = { room: string; text: string; from: string };

/**
 * The next chat message other than a join (`<name> here`). Another socket's join, published in one
 * process just before this socket subscribed in another, may still reach it through Redis a moment
 * later: joins are not what these cases count.
 */
async function nextChat(ws: WsClient, timeoutMs = 10_000): Promise<Chat | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const message = (await ws.nextJson(Math.max(1, deadline - Date.now()))) as Chat | undefined;
    if (!message?.text?.endsWith(' here')) return message;
  }
}

/** Says `<name> here` and waits for it to come back: then the socket is subscribed. */
async function join(ws: WsClient, name: string): Promise<Chat | undefined> {
  ws.send(JSON.stringify({ text: `${name} here` }));
  const deadline = Date.now() + 10_000;
  for (;;) {
    const message = (await ws.nextJson(Math.max(1, deadline - Date.now()))) as Chat | undefined;
    if (!message || message.from === name) return message;
  }
}

t.test('two node:http instances share a room through Redis', async (t) => {
  const room = `r${process.pid}`;
  const [a, b] = await Promise.all([
    startExample(t, { REDIS_URL: redisUrl }),
    startExample(t, { REDIS_URL: redisUrl }),
  ]);
  const ann = await connect(t, `${a.wsUrl}/ws/chat/${room}?name=ann`);
  t.same(await join(ann, 'ann'), { room, text: 'ann here', from: 'ann' }, 'ann joined on a');
  const bob = await connect(t, `${b.wsUrl}/ws/chat/${room}?name=bob`);
  t.same(await join(bob, 'bob'), { room, text: 'bob here', from: 'bob' }, 'bob joined on b');
  t.same(await ann.nextJson(), { room, text: 'bob here', from: 'bob' }, 'published on b, received on a');
  ann.send(JSON.stringify({ text: 'hi bob' }));
  t.same(await nextChat(bob), { room, text: 'hi bob', from: 'ann' }, 'published on a, received on b');
  t.same(
    await ann.nextJson(),
    { room, text: 'hi bob', from: 'ann' },
    'once on a (its echo through Redis dropped)',
  );
  ann.send(JSON.stringify({ text: 'last' }));
  t.same(await ann.nextJson(), { room, text: 'last', from: 'ann' }, 'no duplicate before the next message');
});

for (const transport of ['uws', 'rust']) {
  t.test(
    `TRANSPORT=${transport} with P=2: every socket gets every message, whichever process holds it`,
    async (t) => {
      const room = `p2-${transport}-${process.pid}`;
      const server = await startExample(t, {
        TRANSPORT: transport,
        P: '2',
        WORKERS: '1',
        REDIS_URL: redisUrl,
      });
      // Each connection lands on one of the two processes as the kernel spreads them over the shared
      // port; with 8 sockets, both processes hold some (all on one: 1 chance in 128).
      const names = Array.from({ length: 8 }, (_, i) => `u${i}`);
      const sockets: WsClient[] = [];
      for (const name of names) {
        const ws = await connect(t, `${server.wsUrl}/ws/chat/${room}?name=${name}`);
        t.match(await join(ws, name), { from: name }, `${name} subscribed`);
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
    },
  );
}
