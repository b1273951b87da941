/**
 * The example app driven through the typed client (@bolt/client, `createClient<ExampleAPI>`) over
 * a real socket on each engine (node:http, uWS, Rust), and in memory through inject.
 */
import { type Client, createClient } from '@bolt/client';
import { serve as serveNode } from '@bolt/core/node';
import { serve as serveRust } from '@bolt/transport-rust';
import { serve as serveUws } from '@bolt/transport-uws';
import t, { type Test } from 'tap';
import { api, type ExampleAPI } from '../src/app.js';

const engines = [
  ['node', () => serveNode(api, { host: '127.0.0.1', port: 0, handleSignals: false })],
  ['uws', () => serveUws(api, { host: '127.0.0.1', port: 0, handleSignals: false })],
  ['rust', () => serveRust(api, { host: '127.0.0.1', port: 0, handleSignals: false })],
] as const;

async function drive(t: Test, client: Client<ExampleAPI>) {
  const root = await client.get('/');
  t.same([root.status, root.data], [200, { Hello: 'World' }]);

  const item = await client.get('/items/{item_id}', { params: { item_id: 1 }, query: { q: 'hello' } });
  t.equal(item.status, 200);
  if (item.status === 200) t.same(item.data, { item_id: 1, q: 'hello' });

  const invalid = await client.get('/items/{item_id}', { params: { item_id: 'abc' as unknown as number } });
  t.equal(invalid.status, 422);
  if (invalid.status === 422) t.same(invalid.data.detail[0]?.loc, ['path', 'item_id']);

  const put = await client.put('/items/{item_id}', {
    params: { item_id: 7 },
    body: { name: 'Foo', price: 1.5, is_offer: null },
  });
  if (put.ok) t.same(put.data, { item_name: 'Foo', item_id: 7 });
  else t.fail(`PUT answered ${put.status}`);

  const hundred = await client.get('/items100');
  if (hundred.ok) t.equal(hundred.data.length, 100);
  else t.fail(`items100 answered ${hundred.status}`);

  const parse = await client.post('/bench/parse', {
    body: { title: 'x', count: 2, items: [{ name: 'a', price: 1 }] },
  });
  t.same(parse.data, { ok: true, n: 1, count: 2 });

  const slow = await client.get('/bench/slow', { query: { ms: 1 } });
  t.same(slow.data, { ok: true, ms: 1 });

  const user = await client.get('/users/{id}', { params: { id: 1 } });
  if (user.status === 200) t.equal(user.data.username.length > 0, true, 'a typed user row');
  else t.fail(`/users/1 answered ${user.status}`);
  const page = await client.get('/users', { query: { limit: 2, offset: 0 } });
  if (page.ok) t.equal(page.data.length, 2);
  else t.fail(`/users answered ${page.status}`);

  const token = await client.post('/auth/token', { body: { username: 'alice', password: 'wonderland' } });
  if (!token.ok) {
    t.fail(`/auth/token answered ${token.status}`);
    return;
  }
  const me = await client.get('/auth/me', {
    headers: { authorization: `Bearer ${token.data.access_token}` },
  });
  if (me.ok) t.same(me.data, { username: 'alice', roles: ['admin', 'user'] });
  else t.fail(`/auth/me answered ${me.status}`);
  const anonymous = await client.get('/auth/me');
  t.equal(anonymous.status, 401);
}

t.test('in memory (inject)', async (t) => {
  t.teardown(() => api.close());
  await drive(t, createClient<ExampleAPI>(api));
});

for (const [engine, start] of engines) {
  t.test(`over a real socket: ${engine}`, async (t) => {
    const server = await start();
    t.teardown(() => server.close({ graceMs: 500 }));
    await drive(t, createClient<ExampleAPI>(server.url));
  });
}
