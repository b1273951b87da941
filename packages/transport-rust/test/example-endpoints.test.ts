import t from 'tap';
import { serve } from '../src/index.js';

const app = { module: new URL('./fixtures/example-like.js', import.meta.url), export: 'api' };
const json = { 'content-type': 'application/json' };
const parseBody = {
  title: 'bench',
  count: 3,
  items: [
    { name: 'a', price: 1 },
    { name: 'b', price: 2.5, is_offer: true },
    { name: 'c', price: 3, is_offer: null },
  ],
};

for (const workers of [1, 2]) {
  t.test(`example endpoints, workers: ${workers}`, async (t) => {
    const server = await serve(app, { port: 0, workers });
    t.teardown(() => server.close({ graceMs: 1000 }));
    const call = async (path: string, init?: RequestInit) => {
      const res = await fetch(`${server.url}${path}`, init);
      return { status: res.status, body: (await res.json()) as unknown };
    };
    t.same(await call('/'), { status: 200, body: { Hello: 'World' } });
    t.same(await call('/items/1?q=hello'), { status: 200, body: { item_id: 1, q: 'hello' } });
    t.equal((await call('/items/abc')).status, 422, 'non-integer id is 422');
    t.same(
      await call('/items/7', {
        method: 'PUT',
        headers: json,
        body: JSON.stringify({ name: 'Foo', price: 1.5 }),
      }),
      {
        status: 200,
        body: { item_name: 'Foo', item_id: 7 },
      },
    );
    t.same(await call('/bench/parse', { method: 'POST', headers: json, body: JSON.stringify(parseBody) }), {
      status: 200,
      body: { ok: true, n: 3, count: 3 },
    });
  });
}
