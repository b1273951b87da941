/**
 * The example's non-database endpoints, each checked in memory (inject) and over a real socket
 * (the node:http transport), with the same expectations.
 */

import { serve } from '@bolt/core/node';
import t, { type Test } from 'tap';
import { api } from '../src/app.js';

interface Case {
  name: string;
  method: string;
  url: string;
  body?: unknown;
  status: number;
  expect: (json: unknown) => unknown;
}

const parseBody = {
  title: 'bench',
  count: 3,
  items: [
    { name: 'a', price: 1 },
    { name: 'b', price: 2.5, is_offer: true },
    { name: 'c', price: 3, is_offer: null },
  ],
};

const cases: Case[] = [
  { name: 'root', method: 'GET', url: '/', status: 200, expect: () => ({ Hello: 'World' }) },
  {
    name: 'items get',
    method: 'GET',
    url: '/items/1?q=hello',
    status: 200,
    expect: () => ({ item_id: 1, q: 'hello' }),
  },
  {
    name: 'items get without q',
    method: 'GET',
    url: '/items/5',
    status: 200,
    expect: () => ({ item_id: 5, q: null }),
  },
  {
    name: 'items non-integer id',
    method: 'GET',
    url: '/items/abc',
    status: 422,
    expect: (j) => ({
      detail: [{ ...(j as { detail: object[] }).detail[0], loc: ['path', 'item_id'], type: 'int_parsing' }],
    }),
  },
  {
    name: 'items put',
    method: 'PUT',
    url: '/items/7',
    body: { name: 'Foo', price: 1.5, is_offer: true },
    status: 200,
    expect: () => ({ item_name: 'Foo', item_id: 7 }),
  },
  {
    name: 'items put missing price',
    method: 'PUT',
    url: '/items/7',
    body: { name: 'Foo' },
    status: 422,
    expect: () => ({ detail: [{ loc: ['body', 'price'], msg: 'Field required', type: 'missing' }] }),
  },
  {
    name: 'bench parse',
    method: 'POST',
    url: '/bench/parse',
    body: parseBody,
    status: 200,
    expect: () => ({ ok: true, n: 3, count: 3 }),
  },
  {
    name: 'bench slow',
    method: 'GET',
    url: '/bench/slow?ms=20',
    status: 200,
    expect: () => ({ ok: true, ms: 20 }),
  },
];

function checkItems100(t: Test, json: unknown) {
  const items = json as { name: string; price: number; is_offer: boolean }[];
  t.equal(items.length, 100, 'items100 returns 100 items');
  t.same(items[0], { name: 'Item 0', price: 0.99, is_offer: true });
  t.same(items[99], { name: 'Item 99', price: 149.49, is_offer: false });
}

t.test('through inject', async (t) => {
  for (const c of cases) {
    const res = await api.inject({ method: c.method, url: c.url, body: c.body });
    t.equal(res.status, c.status, `${c.name}: status`);
    t.same(res.json(), c.expect(res.json()), `${c.name}: body`);
  }
  const res = await api.inject({ url: '/items100' });
  checkItems100(t, res.json());
});

t.test('through a real socket', async (t) => {
  const server = await serve(api, { host: '127.0.0.1', port: 0 });
  t.teardown(() => server.close());
  for (const c of cases) {
    const res = await fetch(`${server.url}${c.url}`, {
      method: c.method,
      headers: c.body ? { 'content-type': 'application/json' } : {},
      body: c.body ? JSON.stringify(c.body) : undefined,
    });
    const json = await res.json();
    t.equal(res.status, c.status, `${c.name}: status`);
    t.same(json, c.expect(json), `${c.name}: body`);
  }
  const res = await fetch(`${server.url}/items100`);
  checkItems100(t, await res.json());
});
