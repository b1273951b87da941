/**
 * `maxHeaderSize: 0`: requests without a body copy headers only when read. Handlers still see every
 * header, whether they read them synchronously, after an await, from a stream, or through a schema.
 */
import { BoltAPI, t as schema, stream } from '@bolt/core';
import t from 'tap';
import { serve } from '../src/index.js';

const api = new BoltAPI();
api.get('/sync', ({ headers }) => ({ ua: headers['user-agent'] ?? null }));
api.get('/async', async ({ request, headers }) => {
  await new Promise((resolve) => setTimeout(resolve, 10));
  return { ua: request.header('user-agent') ?? null, all: Object.keys(headers).length };
});
api.get('/typed', { headers: schema.Object({ x_count: schema.Integer() }) }, ({ headers }) => ({
  count: headers.x_count,
}));
api.get('/cookie', { cookies: schema.Object({ session: schema.String() }) }, ({ cookies }) => ({
  session: cookies.session,
}));
api.get('/stream', ({ request }) =>
  stream(
    (async function* () {
      await new Promise((resolve) => setTimeout(resolve, 10));
      yield `ua=${request.header('user-agent')}`;
    })(),
  ),
);
api.get('/none', () => ({ Hello: 'World' }));

t.test('handlers see the headers in every way they can read them', async (t) => {
  const server = await serve(api, { port: 0, maxHeaderSize: 0, handleSignals: false });
  t.teardown(() => server.close({ graceMs: 100 }));
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { headers: { 'user-agent': 'bolt-test', ...headers } });
  t.same(await (await get('/sync')).json(), { ua: 'bolt-test' }, 'read synchronously');
  const later = (await (await get('/async')).json()) as { ua: string; all: number };
  t.equal(later.ua, 'bolt-test', 'read after an await');
  t.ok(later.all >= 2, 'every header was copied');
  t.same(await (await get('/typed', { 'x-count': '7' })).json(), { count: 7 }, 'through a header schema');
  t.equal((await get('/typed', { 'x-count': 'seven' })).status, 422, 'header schema still validates');
  t.same(await (await get('/cookie', { cookie: 's=1; session=abc' })).json(), { session: 'abc' });
  t.equal(await (await get('/stream')).text(), 'ua=bolt-test', 'read from a streamed body');
  t.same(await (await get('/none')).json(), { Hello: 'World' }, 'never read');
  t.equal((await get('/missing')).status, 404, 'the fallback still answers 404');
  t.equal((await fetch(`${server.url}/none`, { method: 'DELETE' })).status, 405, 'and 405');
});
