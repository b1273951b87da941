/**
 * redisPubSub against a real redis-server (scripts/redis/with-redis.sh): WebSocket messages cross
 * two server processes, each with its own adapter; binary stays byte for byte; a process gets its
 * own message once (its echo through Redis dropped); relaying resumes after Redis restarts.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { WsClient } from '@bolt/conformance';
import t, { type Test } from 'tap';
import { BoltMiddlewareError, RedisPubSubUnavailable, redisPubSub } from '../src/index.js';

const url = process.env.BOLT_TEST_REDIS_URL;
const control = process.env.BOLT_TEST_REDIS_CONTROL;
if (!url) {
  t.fail(
    'BOLT_TEST_REDIS_URL is not set: run through scripts/redis/with-redis.sh (scripts/run-tests.sh does)',
  );
  process.exit(1);
}

t.setTimeout(120_000);
const tsx = import.meta.resolve('tsx');
const fixture = new URL('./fixtures/pubsub-instance.ts', import.meta.url).pathname;
const channel = `bolt:test:ws:${process.pid}:${Date.now()}`;

async function startInstance(t: Test, name: string): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', tsx, fixture], {
    env: { ...process.env, INSTANCE: name, REDIS_URL: url, PUBSUB_CHANNEL: channel },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.teardown(async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`instance ${name} exited with ${code} before listening`)));
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk;
      const port = /listening (\d+)/.exec(out)?.[1];
      if (port) resolve(Number(port));
    });
  });
  return { port, child };
}

async function join(t: Test, port: number, room: string): Promise<WsClient> {
  const ws = await WsClient.connect(`ws://127.0.0.1:${port}/ws/room/${room}`);
  t.teardown(() => ws.terminate());
  const joined = (await ws.nextJson()) as { joined?: string };
  t.equal(joined?.joined, room, 'subscribed');
  return ws;
}

t.test('options are checked when the adapter is created', async (t) => {
  t.throws(() => redisPubSub({ url: '' }), BoltMiddlewareError);
  t.throws(() => redisPubSub({ url: 'redis://x', connectTimeoutMs: -1 }), /connectTimeoutMs/);
});

t.test('start refuses with a clear error when Redis is not reachable', async (t) => {
  const adapter = redisPubSub({ url: 'redis://127.0.0.1:1', connectTimeoutMs: 300 });
  await t.rejects(
    adapter.start(() => undefined),
    RedisPubSubUnavailable,
  );
  await t.rejects(
    redisPubSub({ url: 'redis://127.0.0.1:1', connectTimeoutMs: 300 }).start(() => undefined),
    { code: 'BOLT_ERR_PUBSUB_REDIS_UNAVAILABLE', message: /not reachable within 300 ms/ },
  );
});

t.test('two server processes, each with its own adapter: rooms span both', async (t) => {
  const [a, b] = await Promise.all([startInstance(t, 'a'), startInstance(t, 'b')]);
  const onA = await join(t, a.port, 'lobby');
  const onB = await join(t, b.port, 'lobby');
  const elsewhere = await join(t, b.port, 'other');

  onA.send('hello from a');
  t.same(await onB.nextJson(), { text: 'hello from a', via: 'a' }, 'published on a, received on b');
  t.same(await onA.nextJson(), { text: 'hello from a', via: 'a' }, 'and on a itself');
  onB.send('hello from b');
  t.same(await onA.nextJson(), { text: 'hello from b', via: 'b' }, 'and back the other way');
  t.same(await onB.nextJson(), { text: 'hello from b', via: 'b' });

  const bytes = Buffer.from([0, 0xff, 0xfe, 0x80, 0x0a, 0x7b]);
  onA.send(bytes);
  const binary = await onB.next();
  t.equal(binary?.isBinary, true, 'binary arrives as binary in the other process');
  t.same(binary?.data, bytes, 'byte for byte (bytes that are not UTF-8 included)');
  t.same((await onA.next())?.data, bytes);

  // Had a's own echo through Redis come back, a would hold a second copy of each message by now:
  // b's marker below is delivered after anything a published.
  onB.send('marker');
  t.same(await onA.nextJson(), { text: 'marker', via: 'b' }, 'a got each of its own messages once');
  t.same(await onB.nextJson(), { text: 'marker', via: 'b' });
  elsewhere.send('ping');
  t.same(await elsewhere.nextJson(), { text: 'ping', via: 'b' }, 'another room saw none of it');
});

t.test('relaying resumes after Redis restarts', { skip: !control }, async (t) => {
  const [a, b] = await Promise.all([startInstance(t, 'a'), startInstance(t, 'b')]);
  const onA = await join(t, a.port, 'restart');
  const onB = await join(t, b.port, 'restart');
  t.teardown(() => execFileSync(control as string, ['start']));
  execFileSync(control as string, ['stop']);
  onA.send('while away');
  t.same(await onA.nextJson(), { text: 'while away', via: 'a' }, 'the local room still works without Redis');
  execFileSync(control as string, ['start']);
  // ioredis reconnects (and subscribes again) with a back-off: publish until one crosses.
  const deadline = Date.now() + 30_000;
  let crossed: unknown;
  for (let i = 0; Date.now() < deadline && !crossed; i++) {
    onA.send(`after ${i}`);
    await onA.nextJson();
    const got = await onB.next(250);
    if (got && !got.isBinary) crossed = JSON.parse(got.data as string);
    else await sleep(100);
  }
  t.match(
    crossed,
    { text: /^after \d+$/, via: 'a' },
    'a message published on a reaches b again (the one published while Redis was away is not delivered late)',
  );
});
