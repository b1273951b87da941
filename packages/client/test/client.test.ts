/**
 * The client against a real app, in memory (inject) and over a real socket (node:http through
 * fetch), with the same expectations: path params encoded, repeated query keys, headers named as
 * the server reads them, cookies, JSON, form and multipart bodies, declared and undeclared error statuses, HEAD.
 */
import { BoltAPI, HTTPError, json, t, Upload } from '@bolt/core';
import { serve } from '@bolt/core/node';
import tap, { type Test } from 'tap';
import { type Client, createClient, MissingParamError } from '../src/index.js';

const Item = t.Object({ name: t.String(), price: t.Number() });

function app() {
  return new BoltAPI()
    .get('/', () => ({ Hello: 'World' }))
    .get(
      '/items/{item_id}',
      {
        params: t.Object({ item_id: t.Integer() }),
        query: t.Object({ q: t.Optional(t.String()), tag: t.Array(t.String()) }),
      },
      ({ params, query }) => ({ item_id: params.item_id, q: query.q ?? null, tag: query.tag }),
    )
    .put(
      '/items/{item_id}',
      { params: t.Object({ item_id: t.Integer() }), body: Item },
      ({ params, body }) => ({
        item_name: body.name,
        item_id: params.item_id,
      }),
    )
    .get(
      '/who',
      { headers: t.Object({ x_token: t.String() }), cookies: t.Object({ session: t.String() }) },
      ({ headers, cookies }) => ({ token: headers.x_token, session: cookies.session }),
    )
    .get('/files/{path...}', ({ params }) => params.path)
    .get(
      '/maybe/{id}',
      {
        params: t.Object({ id: t.Integer() }),
        response: { 200: Item, 404: t.Object({ detail: t.String() }) },
      },
      ({ params }) =>
        params.id === 1 ? { name: 'one', price: 1 } : json({ detail: 'no such item' }, { status: 404 }),
    )
    .get('/boom', () => {
      throw new HTTPError(409, 'conflict');
    })
    .post(
      '/contact',
      { body: t.Object({ name: t.String(), n: t.Integer() }), contentTypes: ['form'] },
      ({ body }) => body,
    )
    .post('/uploads', { body: t.Object({ title: t.String(), file: Upload() }) }, async ({ body }) => ({
      title: body.title,
      filename: body.file.filename,
      text: Buffer.from(await body.file.bytes()).toString(),
    }));
}

type Api = ReturnType<typeof app>;

async function exercise(tt: Test, client: Client<Api>) {
  const root = await client.get('/');
  tt.same([root.ok, root.status, root.data], [true, 200, { Hello: 'World' }]);

  const item = await client.get('/items/{item_id}', {
    params: { item_id: 5 },
    query: { q: 'a b&c', tag: ['x', 'y'] },
  });
  tt.same(item.data, { item_id: 5, q: 'a b&c', tag: ['x', 'y'] });

  const bad = await client.request('GET', '/items/{item_id}', {
    params: { item_id: 'abc' as never },
    query: { tag: [] },
  });
  tt.equal(bad.status, 422);
  tt.equal(bad.ok, false);
  if (bad.status === 422)
    tt.same(
      bad.data.detail.map((d) => d.loc),
      [
        ['path', 'item_id'],
        ['query', 'tag'],
      ],
    );

  const put = await client.put('/items/{item_id}', {
    params: { item_id: 7 },
    body: { name: 'Foo', price: 1.5 },
  });
  tt.same(put.data, { item_name: 'Foo', item_id: 7 });

  const who = await client.get('/who', { headers: { x_token: 'abc' }, cookies: { session: 's 1' } });
  tt.same(who.data, { token: 'abc', session: 's 1' });

  const file = await client.get('/files/{path...}', { params: { path: 'dir/a b.txt' } });
  tt.equal(file.data, 'dir/a b.txt', 'a catch-all keeps its slashes, each segment encoded');

  const found = await client.get('/maybe/{id}', { params: { id: 1 } });
  tt.same([found.status, found.data], [200, { name: 'one', price: 1 }]);
  const missing = await client.get('/maybe/{id}', { params: { id: 2 } });
  tt.same([missing.ok, missing.status, missing.data], [false, 404, { detail: 'no such item' }]);

  const boom = await client.get('/boom');
  tt.same([boom.ok, boom.status, boom.data], [false, 409, { detail: 'conflict' }]);

  const head = await client.head('/');
  tt.same([head.status, head.data], [200, undefined]);
  tt.match(head.headers.get('content-type'), /application\/json/);

  await tt.rejects(client.request('GET', '/files/{path...}', { params: {} as never }), MissingParamError);

  const contact = await client.post('/contact', { body: new URLSearchParams({ name: 'Ann', n: '3' }) });
  tt.same(contact.data, { name: 'Ann', n: 3 }, 'a form body, its fields decoded by the schema');
  const form = new FormData();
  form.append('title', 'notes');
  form.append('file', new Blob(['hello file'], { type: 'text/plain' }), 'notes.txt');
  const uploaded = await client.post('/uploads', { body: form });
  tt.same(
    uploaded.data,
    { title: 'notes', filename: 'notes.txt', text: 'hello file' },
    'a multipart body with a file',
  );
}

tap.test('in memory (inject)', async (tt) => {
  const api = app();
  await exercise(tt, createClient(api));
});

tap.test('over a real socket (fetch to node:http)', async (tt) => {
  const server = await serve(app(), { host: '127.0.0.1', port: 0 });
  tt.teardown(() => server.close());
  await exercise(tt, createClient<Api>(server.url));
});

tap.test('default headers, per call', async (tt) => {
  const api = new BoltAPI().get('/auth', ({ request }) => request.header('authorization') ?? null);
  let token = 'one';
  const client = createClient(api, { headers: () => ({ Authorization: `Bearer ${token}` }) });
  tt.equal((await client.get('/auth')).data, 'Bearer one');
  token = 'two';
  tt.equal((await client.get('/auth')).data, 'Bearer two');
});
