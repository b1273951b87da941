/** `ctx.request.remoteAddress` reaches handlers over uWS as over node:http: sync, async, with a body. */
import { BoltAPI, t as schema } from '@bolt/core';
import t from 'tap';
import { serve } from '../src/index.js';

const api = new BoltAPI();
api.get('/sync', ({ request }) => ({ ip: request.remoteAddress }));
api.get('/async', async ({ request }) => {
  await new Promise((resolve) => setTimeout(resolve, 10));
  return { ip: request.remoteAddress };
});
api.post('/body', { body: schema.Object({ n: schema.Integer() }) }, ({ request, body }) => ({
  ip: request.remoteAddress,
  n: body.n,
}));

t.test('the peer address is there for every kind of handler', async (t) => {
  const server = await serve(api, { port: 0, handleSignals: false });
  t.teardown(() => server.close({ graceMs: 100 }));
  t.same(await (await fetch(`${server.url}/sync`)).json(), { ip: '127.0.0.1' });
  t.same(await (await fetch(`${server.url}/async`)).json(), { ip: '127.0.0.1' });
  const res = await fetch(`${server.url}/body`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"n":3}',
  });
  t.same(await res.json(), { ip: '127.0.0.1', n: 3 });
});

t.test('an IPv6 peer is written as node:http and Rust write it (::1), not in full', async (t) => {
  const server = await serve(api, { host: '::1', port: 0, handleSignals: false });
  t.teardown(() => server.close({ graceMs: 100 }));
  t.same(await (await fetch(`${server.url}/sync`)).json(), { ip: '::1' });
});
