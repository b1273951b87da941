/**
 * The example's benchmarked endpoints (the app bench/ measures) over uWS, in one thread and as
 * 2 processes x 2 workers: the same bodies raw uWS and Fastify are compared on.
 */
import t from 'tap';
import { api } from '../bench/servers/bench-app.mjs';
import { serve } from '../src/index.js';

const app = { module: new URL('../bench/servers/bench-app.mjs', import.meta.url), export: 'api' };

const cases = [
  { method: 'GET', path: '/', status: 200, body: { Hello: 'World' } },
  { method: 'GET', path: '/items/1?q=hello', status: 200, body: { item_id: 1, q: 'hello' } },
  { method: 'GET', path: '/items/7', status: 200, body: { item_id: 7, q: null } },
  {
    method: 'PUT',
    path: '/items/1',
    json: { name: 'Portal Gun', price: 42.5, is_offer: null },
    status: 200,
    body: { item_name: 'Portal Gun', item_id: 1 },
  },
  { method: 'GET', path: '/items/abc', status: 422 },
  { method: 'PUT', path: '/items/1', json: { price: 1 }, status: 422 },
];

for (const [label, start] of [
  ['P=1 W=1', () => serve(api, { port: 0, handleSignals: false })],
  ['P=2 W=2', () => serve(app, { port: 0, processes: 2, workers: 2, handleSignals: false })],
] as const) {
  t.test(`example endpoints over uWS, ${label}`, async (t) => {
    const server = await start();
    t.teardown(() => server.close({ graceMs: 1000 }));
    for (const c of cases) {
      const res = await fetch(`${server.url}${c.path}`, {
        method: c.method,
        headers: c.json ? { 'content-type': 'application/json' } : {},
        body: c.json ? JSON.stringify(c.json) : undefined,
      });
      t.equal(res.status, c.status, `${c.method} ${c.path} is ${c.status}`);
      const body = await res.json();
      if (c.body) t.same(body, c.body, `${c.method} ${c.path} body`);
      else t.ok(Array.isArray((body as { detail: unknown }).detail), 'validation detail is a list');
    }
  });
}
