/**
 * Elysia on Bun, as its docs show: `t` schemas for params, query, body and response (validation and
 * Elysia's compiled response mapping). Run by Bun from source (`bun peers/elysia.ts`), so tsc skips it.
 */
import { Elysia, t } from 'elysia';
import { openBunUsersDb } from './shared/bun-users-db.ts';
import { HELLO, HUNDRED_ITEMS } from './shared/items.ts';
import { HOST, PORT } from './shared/listen-address.ts';

const Item = t.Object({
  name: t.String(),
  price: t.Number(),
  is_offer: t.Optional(t.Union([t.Boolean(), t.Null()])),
});
const UserFull = t.Object({
  id: t.Integer(),
  username: t.String(),
  email: t.String(),
  first_name: t.String(),
  last_name: t.String(),
  is_active: t.Boolean(),
});
const UserMini = t.Object({ id: t.Integer(), username: t.String() });

const app = new Elysia()
  .get('/', () => HELLO, { response: t.Object({ Hello: t.String() }) })
  .get('/items/:item_id', ({ params, query }) => ({ item_id: params.item_id, q: query.q ?? null }), {
    params: t.Object({ item_id: t.Integer() }),
    query: t.Object({ q: t.Optional(t.String()) }),
    response: t.Object({ item_id: t.Integer(), q: t.Union([t.String(), t.Null()]) }),
  })
  .put('/items/:item_id', ({ params, body }) => ({ item_name: body.name, item_id: params.item_id }), {
    params: t.Object({ item_id: t.Integer() }),
    body: Item,
    response: t.Object({ item_name: t.String(), item_id: t.Integer() }),
  })
  .get('/items100', () => HUNDRED_ITEMS, { response: t.Array(Item) })
  .post('/bench/parse', ({ body }) => ({ ok: true, n: body.items.length, count: body.count }), {
    body: t.Object({ title: t.String(), count: t.Integer(), items: t.Array(Item) }),
    response: t.Object({ ok: t.Boolean(), n: t.Integer(), count: t.Integer() }),
  })
  .get(
    '/bench/slow',
    async ({ query }) => {
      await Bun.sleep(query.ms);
      return { ok: true, ms: query.ms };
    },
    {
      query: t.Object({ ms: t.Integer({ minimum: 0, maximum: 60_000, default: 100 }) }),
      response: t.Object({ ok: t.Boolean(), ms: t.Integer() }),
    },
  );

const db = openBunUsersDb();
if (db) {
  app
    .get(
      '/users/full10',
      async () =>
        (
          await db
            .selectFrom('users')
            .select(['id', 'username', 'email', 'first_name', 'last_name', 'is_active'])
            .orderBy('id')
            .limit(10)
            .execute()
        ).map((row) => ({ ...row, is_active: row.is_active === 1 })),
      { response: t.Array(UserFull) },
    )
    .get(
      '/users/mini10',
      () => db.selectFrom('users').select(['id', 'username']).orderBy('id').limit(10).execute(),
      { response: t.Array(UserMini) },
    );
}

app.listen({ hostname: HOST, port: PORT }, () => console.log(`elysia listening on http://${HOST}:${PORT}`));
process.once('SIGTERM', () => process.exit(0));
