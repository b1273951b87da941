/**
 * The Redis store against a real redis-server (scripts/redis/with-redis.sh): one count shared by
 * servers on different engines, and the documented choice when Redis goes away.
 */
import { execFileSync } from 'node:child_process';
import { BoltAPI } from '@bolt/core';
import t from 'tap';
import { RedisStore, rateLimit } from '../src/index.js';
import { ENGINES, request } from './engines.js';

const url = process.env.BOLT_TEST_REDIS_URL;
const control = process.env.BOLT_TEST_REDIS_CONTROL;
if (!url) {
  t.fail(
    'BOLT_TEST_REDIS_URL is not set: run through scripts/redis/with-redis.sh (scripts/run-tests.sh does)',
  );
  process.exit(1);
}

function limitedApp(store: RedisStore, onStoreError: 'open' | 'closed' = 'open') {
  const limiter = rateLimit({ limit: 5, windowMs: 60_000, store, onStoreError });
  const api = new BoltAPI();
  api.get('/limited', { ...limiter.hooks }, () => ({ ok: true }));
  return api;
}

t.test('one count across node, uWS and Rust servers sharing Redis', async (t) => {
  const prefix = `bolt:test:${process.pid}:${Date.now()}`;
  const stores = ENGINES.map(() => new RedisStore({ url, prefix }));
  const servers = await Promise.all(
    ENGINES.map((engine, i) => engine.start(limitedApp(stores[i] as RedisStore))),
  );
  t.teardown(async () => {
    await Promise.all(servers.map((s) => s.close({ graceMs: 500 })));
    await Promise.all(stores.map((s) => s.close()));
  });
  const statuses: number[] = [];
  for (let i = 0; i < 7; i++)
    statuses.push((await request(servers[i % 3] as (typeof servers)[0], '/limited')).status);
  t.same(statuses, [200, 200, 200, 200, 200, 429, 429], 'the sixth request is 429 whichever server gets it');
});

t.test(
  'Redis goes away: open lets requests through, closed answers 503; both keep serving',
  { skip: !control },
  async (t) => {
    const prefix = `bolt:test:outage:${process.pid}:${Date.now()}`;
    const openStore = new RedisStore({ url, prefix, timeoutMs: 300 });
    const closedStore = new RedisStore({ url, prefix: `${prefix}:c`, timeoutMs: 300 });
    const open = await ENGINES[0]!.start(limitedApp(openStore, 'open'));
    const closed = await ENGINES[0]!.start(limitedApp(closedStore, 'closed'));
    t.teardown(async () => {
      execFileSync(control as string, ['start']);
      await open.close({ graceMs: 500 });
      await closed.close({ graceMs: 500 });
      await openStore.close();
      await closedStore.close();
    });
    t.equal((await request(open, '/limited')).status, 200);
    execFileSync(control as string, ['stop']);
    t.equal((await request(open, '/limited')).status, 200, 'fail open: served without a count');
    const refused = await request(closed, '/limited');
    t.equal(refused.status, 503, 'fail closed: 503');
    t.same(JSON.parse(refused.body.toString()), { detail: 'Service Unavailable' });
    execFileSync(control as string, ['start']);
    // ioredis reconnects on its own: poll until counting resumes.
    const deadline = Date.now() + 20_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await request(closed, '/limited')).status;
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    t.equal(status, 200, 'counting resumes once Redis is back');
  },
);
