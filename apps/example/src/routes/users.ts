/**
 * `/users/...`: the example's database endpoints. Handlers return prepared Kysely queries (compiled
 * once) bound to the request's values; @bolt/orm-coerce runs them and coerces the rows into the
 * response models (SQLite's 0/1 into JSON booleans, pg's int8 text into numbers), answering 404 for
 * a missing user and 503 while the database is down.
 */
import { BoltAPI, dependency, t } from '@bolt/core';
import {
  databaseUnavailable,
  isDatabaseUnavailable,
  ormCoerce,
  prepareQuery,
  type StatementCache,
  selectModel,
} from '@bolt/orm-coerce';
import { type Kysely, sql } from 'kysely';
import type { ExampleDatabase } from '../db/open-database.js';
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

/** `GET /users/{id}`: ids are PostgreSQL `serial` (int4), so larger numbers are a 422, not a 500. */
export const UserId = t.Object({ id: t.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

/** `GET /users?limit=&offset=`: at most 100 users per page. */
export const UserPage = t.Object({
  limit: t.Integer({ minimum: 1, maximum: 100, default: 20 }),
  offset: t.Integer({ minimum: 0, default: 0 }),
});

/**
 * The fixed limit written into the SQL (`limit 10`), not bound (`limit ?`): SQLite (better-sqlite3's
 * build) re-prepares a statement whose LIMIT is a bound parameter on every run, parsing the SQL
 * again (~40% of `statement.all()` for full10 in a perf profile); a literal keeps the prepared plan.
 */
const TEN = sql.lit(10);

/**
 * The queries behind the routes, each built and compiled once per database (`prepareQuery`), and
 * selecting only its model's columns; exported so tests can read their SQL (`.sql`). Given the
 * SQLite statement cache, they read it directly outside transactions.
 */
export const usersQueries = (db: Kysely<Database>, statements?: StatementCache) => {
  const options = statements ? { statements } : {};
  return {
    /** The first 10 users, the model's columns only. */
    full10: prepareQuery(
      db,
      () => selectModel(db.selectFrom('users'), User).orderBy('id').limit(TEN),
      options,
    ),
    /** Only `id` and `username`. */
    mini10: prepareQuery(
      db,
      () => selectModel(db.selectFrom('users'), UserMini).orderBy('id').limit(TEN),
      options,
    ),
    byId: prepareQuery(
      db,
      (p: { id: number }) => selectModel(db.selectFrom('users'), User).where('id', '=', p.id),
      options,
    ),
    page: prepareQuery(
      db,
      (p: { limit: number; offset: number }) =>
        selectModel(db.selectFrom('users'), User).orderBy('id').limit(p.limit).offset(p.offset),
      options,
    ),
  };
};

/**
 * Where the routes get their database: an open Kysely instance, or a function opening it on the
 * first request (`openDatabase`), so the app starts, and serves its other routes, even while the
 * database is unreachable; until it opens, `/users/...` answer 503.
 */
export type UsersDatabase = Kysely<Database> | (() => Promise<ExampleDatabase>);

type Queries = ReturnType<typeof usersQueries>;

/**
 * The users API, to include in the app: `api.include(usersRoutes(openDatabase))`. Routes:
 * `GET /users/` (`{"ok":true}`), `/users/full10`, `/users/mini10`, `/users/{id}` (404 when
 * absent) and `/users?limit=&offset=` (limit 1..100, default 20; 422 outside).
 *
 * @example
 * api.include(usersRoutes(openDatabase));       // opened, migrated and seeded on first use
 * api.include(usersRoutes((await openDatabase()).db));
 * // GET /users/full10 -> [{"id":1,"username":"user0001",...,"is_active":true}, ...]
 */
export function usersRoutes(database: UsersDatabase) {
  const withQueries = queriesOf(database);
  // `/users/{id}` reads its database through a dependency, as a handler that needs more than one
  // query (or a transaction) would.
  const queries = dependency({ name: 'queries' }, () => withQueries((q) => q));
  // Declared by chaining, so the typed client (@bolt/client) knows these routes.
  const users = new BoltAPI({ prefix: '/users' })
    .get('/', () => ({ ok: true }))
    .get('/full10', { response: t.Array(User) }, () => withQueries((q) => q.full10.bind()))
    .get('/mini10', { response: t.Array(UserMini) }, () => withQueries((q) => q.mini10.bind()))
    .get('/{id}', { params: UserId, response: User, deps: { queries } }, ({ params, deps }) =>
      deps.queries.byId.bind({ id: params.id }),
    );
  // Plugins reach included APIs: `users` inherits ormCoerce() from this one (given to both, it
  // would run twice per request). `GET /users?limit=&offset=` has no trailing slash, so it sits
  // outside the `/users` prefix.
  return new BoltAPI({ plugins: [ormCoerce()] })
    .get('/users', { query: UserPage, response: t.Array(User) }, ({ query }) =>
      withQueries((q) => q.page.bind(query)),
    )
    .include(users);
}

/**
 * Runs `build` with the queries: synchronously once the database is open (no await per request),
 * after opening it otherwise. A failure to open is a 503 when the database is unreachable.
 */
function queriesOf(database: UsersDatabase) {
  if (typeof database !== 'function') {
    const queries = usersQueries(database);
    return <R>(build: (queries: Queries) => R): R => build(queries);
  }
  // The queries are built on one open handle; once a shutdown handler closed it (the app is served
  // again, on another engine say), they are built anew on the next handle.
  let current: { handle: ExampleDatabase; queries: Queries } | undefined;
  return <R>(build: (queries: Queries) => R): R | Promise<R> => {
    if (current !== undefined && !current.handle.closed) return build(current.queries);
    return database().then(
      (opened) => {
        current = { handle: opened, queries: usersQueries(opened.db, opened.statements) };
        return build(current.queries);
      },
      (error: unknown) => {
        throw isDatabaseUnavailable(error) ? databaseUnavailable() : error;
      },
    );
  };
}
