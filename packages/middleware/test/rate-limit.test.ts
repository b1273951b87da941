/** Rate limits in memory over real sockets on every engine: 429, retry-after, ratelimit-* headers, keys. */
import { BoltAPI, dependency } from '@bolt/core';
import t from 'tap';
import { MemoryStore, rateLimit } from '../src/index.js';
import { onEveryEngine, request } from './engines.js';

function app() {
  const api = new BoltAPI({ plugins: [rateLimit({ limit: 3, windowMs: 60_000 })] });
  api.get('/', () => ({ ok: true }));
  return api;
}

onEveryEngine(t, 'the fourth request of a client in the window is 429', app, async (t, server) => {
  for (let i = 1; i <= 3; i++) {
    const ok = await request(server, '/');
    t.equal(ok.status, 200, `request ${i}`);
    t.equal(ok.headers['ratelimit-limit'], '3');
    t.equal(ok.headers['ratelimit-remaining'], String(3 - i));
    t.equal(ok.headers['ratelimit-policy'], '3;w=60');
  }
  const refused = await request(server, '/');
  t.equal(refused.status, 429);
  t.same(JSON.parse(refused.body.toString()), { detail: 'Too Many Requests' });
  const retry = Number(refused.headers['retry-after']);
  t.ok(retry >= 1 && retry <= 60, `retry-after ${retry} within the window`);
  t.equal(refused.headers['ratelimit-reset'], refused.headers['retry-after']);
  t.equal(refused.headers['ratelimit-remaining'], '0');
  const missing = await request(server, '/missing');
  t.equal(missing.status, 429, 'unmatched paths are counted too (app-wide limiter)');
});

t.test('per route, keyed by a header, and by a dependency value', async (t) => {
  const byHeader = rateLimit({ limit: 1, windowMs: 60_000, key: { header: 'x-api-key' } });
  const user = dependency(({ request }) => request.header('x-user') ?? 'anonymous');
  const byUser = rateLimit({ limit: 2, windowMs: 60_000, key: { dependency: 'user' } });
  const api = new BoltAPI();
  api.get('/free', () => 'free');
  api.get('/keyed', { ...byHeader.hooks }, () => 'keyed');
  api.get('/mine', { deps: { user }, ...byUser.hooks }, () => 'mine');
  t.equal((await api.inject({ url: '/keyed', headers: { 'x-api-key': 'a' } })).status, 200);
  t.equal((await api.inject({ url: '/keyed', headers: { 'x-api-key': 'a' } })).status, 429);
  t.equal(
    (await api.inject({ url: '/keyed', headers: { 'x-api-key': 'b' } })).status,
    200,
    'another key, another count',
  );
  t.equal((await api.inject({ url: '/keyed' })).status, 200, 'no key: not limited');
  t.equal((await api.inject({ url: '/free' })).status, 200);
  for (const expected of [200, 200, 429]) {
    t.equal((await api.inject({ url: '/mine', headers: { 'x-user': 'ann' } })).status, expected);
  }
  t.equal((await api.inject({ url: '/mine', headers: { 'x-user': 'bob' } })).status, 200);
});

t.test('a fixed window resets at its boundary; a sliding one weighs the previous window', (t) => {
  const store = new MemoryStore();
  t.teardown(() => store.close());
  t.same(store.hit('k', 10, 1000), { current: 1, previous: 0 });
  t.same(store.hit('k', 10, 1000), { current: 2, previous: 0 });
  t.same(store.hit('k', 11, 1000), { current: 1, previous: 2 }, 'next window: previous kept');
  t.same(store.hit('k', 13, 1000), { current: 1, previous: 0 }, 'a gap: nothing carried');
  t.end();
});

t.test('sliding windows refuse a burst across the boundary that fixed windows allow', async (t) => {
  const windowMs = 2000;
  // Start just after a boundary, so both bursts fall in the first and second halves as planned.
  const wait = windowMs - (Date.now() % windowMs) + 50;
  await new Promise((r) => setTimeout(r, wait));
  const fixed = new BoltAPI({ plugins: [rateLimit({ limit: 4, windowMs, key: () => 'one' })] }).get(
    '/',
    () => 'x',
  );
  const sliding = new BoltAPI({
    plugins: [rateLimit({ limit: 4, windowMs, algorithm: 'sliding', key: () => 'one' })],
  }).get('/', () => 'x');
  for (let i = 0; i < 4; i++) {
    t.equal((await fixed.inject({ url: '/' })).status, 200);
    t.equal((await sliding.inject({ url: '/' })).status, 200);
  }
  t.equal((await fixed.inject({ url: '/' })).status, 429, 'fixed: the fifth in the window');
  // Into the next window, early: most of the previous window still counts for the sliding limiter.
  await new Promise((r) => setTimeout(r, windowMs - (Date.now() % windowMs) + 100));
  t.equal((await fixed.inject({ url: '/' })).status, 200, 'fixed: a fresh window');
  t.equal((await sliding.inject({ url: '/' })).status, 429, 'sliding: 4 x ~0.95 + 1 > 4');
});

t.test('options are checked when the limiter is created', async (t) => {
  t.throws(() => rateLimit({ limit: 0, windowMs: 1000 }), { code: 'BOLT_ERR_MIDDLEWARE_OPTION_INVALID' });
  t.throws(() => rateLimit({ limit: 1, windowMs: -5 }), { code: 'BOLT_ERR_MIDDLEWARE_OPTION_INVALID' });
  t.throws(() => rateLimit({ limit: 1, windowMs: 10, algorithm: 'leaky' as 'fixed' }), /algorithm/);
});

t.test('the native form: memory store keyed by address or header only', async (t) => {
  const api = new BoltAPI({ plugins: [rateLimit({ limit: 5, windowMs: 60_000 })] }).get('/', () => 'x');
  t.same(api.compile().nativeForms, [
    {
      kind: 'rate-limit',
      config: {
        limit: 5,
        windowMs: 60_000,
        algorithm: 'fixed',
        headers: true,
        policy: '5;w=60',
        key: { kind: 'ip' },
      },
    },
  ]);
  const fn = new BoltAPI({ plugins: [rateLimit({ limit: 5, windowMs: 60_000, key: () => 'x' })] }).get(
    '/',
    () => 'x',
  );
  t.same(fn.compile().nativeForms, [], 'a key function stays in JavaScript');
});
