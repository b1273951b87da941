/**
 * Type tests: inference without annotations. Checked by `tsc --noEmit -p type-tests` (part of the
 * package's tests); every `@ts-expect-error` line must be an error or tsc fails.
 */
import { BoltAPI, json, t, text } from '../src/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_: T) => {};

const api = new BoltAPI();

// Path params without a schema are strings named after the path.
api.get('/users/{user_id}/posts/:post_id/{rest...}', ({ params }) => {
  assertType<Equal<typeof params, { user_id: string; post_id: string; rest: string }>>(true);
  // @ts-expect-error: misspelled param name
  params.userid;
  return { ok: true };
});

// Schemas type the context with no casts.
api.get(
  '/items/{item_id}',
  {
    params: t.Object({ item_id: t.Integer() }),
    query: t.Object({ q: t.Optional(t.String()), tags: t.Array(t.String()) }),
    headers: t.Object({ x_token: t.String() }),
    cookies: t.Object({ session: t.Optional(t.String()) }),
  },
  ({ params, query, headers, cookies }) => {
    assertType<Equal<typeof params.item_id, number>>(true);
    assertType<Equal<typeof query.q, string | undefined>>(true);
    assertType<Equal<typeof query.tags, string[]>>(true);
    assertType<Equal<typeof headers.x_token, string>>(true);
    assertType<Equal<typeof cookies.session, string | undefined>>(true);
    // @ts-expect-error: misspelled param
    params.itemid;
    // @ts-expect-error: undeclared query value
    query.nope;
    return { item_id: params.item_id };
  },
);

const Item = t.Object({ name: t.String(), price: t.Number() });

// Body typed from its schema.
api.post('/items', { body: Item }, ({ body }) => {
  assertType<Equal<typeof body, { name: string; price: number }>>(true);
  // @ts-expect-error: price is a number, not a string
  const price: string = body.price;
  return price;
});

// Response model: the right shape (sync or async), json() of it, or another response helper.
api.get('/ok', { response: Item }, () => ({ name: 'a', price: 1 }));
api.get('/ok-async', { response: Item }, async () => ({ name: 'a', price: 1 }));
api.get('/ok-json', { response: Item }, () => json({ name: 'a', price: 1 }, { status: 200 }));
api.get('/ok-text', { response: Item }, () => text('fallback'));
api.get('/ok-list', { response: t.Array(Item) }, () => [{ name: 'a', price: 1 }]);
api.get('/ok-map', { response: { 200: Item, 404: t.Object({ detail: t.String() }) } }, () => ({ detail: 'gone' }));

// The params schema must name the path's params.
// @ts-expect-error: params schema lacks item_id
api.get('/items2/{item_id}', { params: t.Object({ id: t.Integer() }) }, () => 1);
