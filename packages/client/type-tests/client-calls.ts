/**
 * Type tests: the client's paths, inputs and results come from the app's route declarations.
 * Checked by `tsc --noEmit -p type-tests`; every `@ts-expect-error` line must be an error.
 */
import { BoltAPI, json, t, Upload } from '@bolt/core';
import { createClient } from '../src/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_: T) => {};

const Item = t.Object({ name: t.String(), price: t.Number(), is_offer: t.Optional(t.Boolean()) });
const NotFound = t.Object({ detail: t.String() });

const users = new BoltAPI({ prefix: '/users' })
  .get('/', () => ({ ok: true }))
  .get('/{id}', { params: t.Object({ id: t.Integer() }), response: { 200: Item, 404: NotFound } }, ({ params }) =>
    params.id > 0 ? { name: 'a', price: 1 } : json({ detail: 'gone' }, { status: 404 }),
  );

const api = new BoltAPI()
  .get('/', () => ({ Hello: 'World' }))
  .get(
    '/items/{item_id}',
    { params: t.Object({ item_id: t.Integer() }), query: t.Object({ q: t.Optional(t.String()) }) },
    ({ params, query }) => ({ item_id: params.item_id, q: query.q ?? null }),
  )
  .put('/items/{item_id}', { params: t.Object({ item_id: t.Integer() }), body: Item }, ({ params, body }) => ({
    item_name: body.name,
    item_id: params.item_id,
  }))
  .post('/items', { body: Item, response: Item, status: 201 }, ({ body }) => body)
  .get('/search', { query: t.Object({ tags: t.Array(t.String()), limit: t.Optional(t.Integer()) }) }, ({ query }) => query.tags)
  .get('/token', { headers: t.Object({ x_token: t.String() }) }, ({ headers }) => headers.x_token)
  .get('/files/{path...}', ({ params }) => params.path)
  .post('/contact', { body: t.Object({ name: t.String() }), contentTypes: ['form', 'json'] }, ({ body }) => body)
  .post('/only-form', { body: t.Object({ name: t.String() }), contentTypes: ['form'] }, ({ body }) => body)
  .post('/uploads', { body: t.Object({ title: t.String(), file: t.Array(Upload()) }) }, ({ body }) => body.file.length)
  .include(users);

const client = createClient<typeof api>('http://127.0.0.1:8000');

async function calls() {
  // No input needed.
  const root = await client.get('/');
  if (root.ok) assertType<Equal<typeof root.data, { Hello: string }>>(true);

  // Params and query typed from the schemas; data from the handler's return.
  const item = await client.get('/items/{item_id}', { params: { item_id: 1 }, query: { q: 'x' } });
  if (item.status === 200) assertType<Equal<typeof item.data, { item_id: number; q: string | null }>>(true);
  // The route validates input: 422 is declared with its body.
  if (item.status === 422) {
    const issue = item.data.detail[0];
    if (issue) assertType<Equal<typeof issue.loc, (string | number)[]>>(true);
  }
  // Any other error status: unknown data.
  if (item.status === 500) assertType<Equal<typeof item.data, unknown>>(true);
  if (item.ok) assertType<Equal<typeof item.status, 200>>(true);

  // @ts-expect-error: a path the app does not have
  await client.get('/itemz/{item_id}', { params: { item_id: 1 } });
  // @ts-expect-error: GET /items has no route (POST has)
  await client.get('/items');
  // @ts-expect-error: missing the params
  await client.get('/items/{item_id}');
  // @ts-expect-error: missing the param inside params
  await client.get('/items/{item_id}', { params: {} });
  // @ts-expect-error: a param of the wrong type
  await client.get('/items/{item_id}', { params: { item_id: 'one' } });
  // @ts-expect-error: an undeclared query key
  await client.get('/items/{item_id}', { params: { item_id: 1 }, query: { nope: 1 } });

  // Body typed from its schema.
  const put = await client.put('/items/{item_id}', { params: { item_id: 7 }, body: { name: 'Foo', price: 1.5 } });
  if (put.ok) assertType<Equal<typeof put.data, { item_name: string; item_id: number }>>(true);
  // @ts-expect-error: a wrong body field type
  await client.put('/items/{item_id}', { params: { item_id: 7 }, body: { name: 'Foo', price: '1.5' } });
  // @ts-expect-error: a missing body field
  await client.put('/items/{item_id}', { params: { item_id: 7 }, body: { name: 'Foo' } });
  // @ts-expect-error: an unknown body field
  await client.put('/items/{item_id}', { params: { item_id: 7 }, body: { name: 'Foo', price: 1, colour: 'red' } });
  // @ts-expect-error: no body at all
  await client.put('/items/{item_id}', { params: { item_id: 7 } });

  // The response model and the declared status.
  const created = await client.post('/items', { body: { name: 'a', price: 1 } });
  if (created.status === 201) assertType<Equal<typeof created.data, { name: string; price: number; is_offer?: boolean }>>(true);

  // Arrays of repeated query keys; required query.
  await client.get('/search', { query: { tags: ['a', 'b'] } });
  // @ts-expect-error: tags is required
  await client.get('/search', { query: { limit: 1 } });

  // Headers named as declared (sent as x-token), extra headers allowed.
  await client.get('/token', { headers: { x_token: 'abc', authorization: 'Bearer x' } });
  // @ts-expect-error: the declared header is required
  await client.get('/token', { headers: { authorization: 'Bearer x' } });

  // Untyped params are strings or numbers named after the path.
  await client.get('/files/{path...}', { params: { path: 'a/b.txt' } });

  // Included APIs keep their prefix; typed error statuses where the route declares them.
  const user = await client.get('/users/{id}', { params: { id: 1 } });
  if (user.status === 200) assertType<Equal<typeof user.data.name, string>>(true);
  if (user.status === 404) assertType<Equal<typeof user.data, { detail: string }>>(true);
  await client.get('/users/');
  // @ts-expect-error: the prefix is part of the path
  await client.get('/{id}', { params: { id: 1 } });

  // HEAD on a GET route; request() with a method.
  const head = await client.head('/');
  assertType<Equal<typeof head.data, undefined>>(true);
  const viaRequest = await client.request('PUT', '/items/{item_id}', { params: { item_id: 1 }, body: { name: 'a', price: 1 } });
  if (viaRequest.ok) assertType<Equal<typeof viaRequest.data.item_id, number>>(true);
  // @ts-expect-error: no DELETE routes
  await client.delete('/');

  // Form routes take FormData / URLSearchParams; a JSON body only where `json` is listed.
  await client.post('/contact', { body: { name: 'a' } });
  await client.post('/contact', { body: new URLSearchParams({ name: 'a' }) });
  await client.post('/only-form', { body: new URLSearchParams({ name: 'a' }) });
  // @ts-expect-error: this route takes no JSON
  await client.post('/only-form', { body: { name: 'a' } });
  const form = new FormData();
  form.append('title', 't');
  form.append('file', new Blob(['x']), 'x.txt');
  const uploaded = await client.post('/uploads', { body: form });
  if (uploaded.ok) assertType<Equal<typeof uploaded.data, number>>(true);
  // @ts-expect-error: a body with files goes as multipart (FormData), not JSON
  await client.post('/uploads', { body: { title: 't', file: [] } });
  // @ts-expect-error: a JSON-only route takes no FormData
  await client.post('/items', { body: form });

  // In-memory mode: the API's own type.
  const local = createClient(api);
  const answer = await local.get('/');
  if (answer.ok) assertType<Equal<typeof answer.data.Hello, string>>(true);
}
void calls;

// Statement-style declarations still compile (their routes are not in the type).
const statements = new BoltAPI();
statements.get('/a', () => 1);
const untyped = createClient<typeof statements>('http://x');
// @ts-expect-error: routes declared as statements are not in the type
void untyped.get('/a');
