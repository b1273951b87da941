/**
 * `/users/...`: the example's database endpoints. Handlers return Kysely queries; @bolt/orm-coerce
 * runs them and coerces the rows into the response models (SQLite's 0/1 into JSON booleans, pg's
 * int8 text into numbers), answering 404 for a missing user and 503 while the database is down.
 */
import { BoltAPI, t } from '@bolt/core';
import { ormCoerce, selectModel } from '@bolt/orm-coerce';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** A user as `/users/full10`, `/users/{id}` and `/users?limit=&offset=` return it. */
export const User = t.Object({
  id: t.Integer(),
  username: t.String(),
  email: t.String(),
  first_name: t.String(),
  last_name: t.String(),
  is_active: t.Boolean(),
});

/** A user as `/users/mini10` returns it: only these two columns are selected. */
export const UserMini = t.Object({ id: t.Integer(), username: t.String() });

/** `GET /users?limit=&offset=`: at most 100 users per page. */
export const UserPage = t.Object({
  limit: t.Integer({ minimum: 1, maximum: 100, default: 20 }),
  offset: t.Integer({ minimum: 0, default: 0 }),
});

/** The queries behind the routes, exported so tests can read their SQL. */
export const usersQueries = (db: Kysely<Database>) => ({
  /** Every column of the first 10 users; the columns outside the model are dropped. */
  full10: () => db.selectFrom('users').selectAll().orderBy('id').limit(10),
  /** Only `id` and `username`, selected from the model itself. */
  mini10: () => selectModel(db.selectFrom('users'), UserMini).orderBy('id').limit(10),
  byId: (id: number) => db.selectFrom('users').selectAll().where('id', '=', id),
  page: (limit: number, offset: number) =>
    db.selectFrom('users').selectAll().orderBy('id').limit(limit).offset(offset),
});

/**
 * The users API, to include in the app: `api.include(usersRoutes(db))`. Routes: `GET /users/`
 * (`{"ok":true}`), `/users/full10`, `/users/mini10`, `/users/{id}` and `/users?limit=&offset=`.
 *
 * @example
 * const { db } = await openDatabase();
 * api.include(usersRoutes(db));
 * // GET /users/full10 -> [{"id":1,"username":"user0001",...,"is_active":true}, ...]
 */
export function usersRoutes(db: Kysely<Database>): BoltAPI {
  const queries = usersQueries(db);
  const plugins = [ormCoerce()];
  const users = new BoltAPI({ prefix: '/users', plugins });
  users.get('/', () => ({ ok: true }));
  users.get('/full10', { response: t.Array(User) }, queries.full10);
  users.get('/mini10', { response: t.Array(UserMini) }, queries.mini10);
  users.get('/{id}', { params: t.Object({ id: t.Integer() }), response: User }, ({ params }) =>
    queries.byId(params.id),
  );

  // `GET /users?limit=&offset=` has no trailing slash, so it sits outside the `/users` prefix.
  const api = new BoltAPI({ plugins });
  api.get('/users', { query: UserPage, response: t.Array(User) }, ({ query }) =>
    queries.page(query.limit, query.offset),
  );
  api.include(users);
  return api;
}
