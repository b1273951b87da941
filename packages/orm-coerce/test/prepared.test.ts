/**
 * Prepared queries on real databases: the SQLite statement cache (prepared once per text, bounded,
 * rows unchanged), pg named prepared statements (seen in pg_prepared_statements), and
 * prepareQuery (built and compiled once, bound per request, served through ormCoerce).
 */
import { BoltAPI, t as bt } from '@bolt/core';
import { Type } from '@sinclair/typebox';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import tap from 'tap';
import {
  type BetterSqliteDatabase,
  cachedStatements,
  ormCoerce,
  PreparedQueryError,
  preparedStatements,
  prepareQuery,
  selectModel,
} from '../src/index.js';
import { eachDialect, type TestDatabase } from './fixtures/databases.js';

/** The real better-sqlite3 database, counting the statements it is asked to prepare. */
function countingSqlite(file: string): { database: BetterSqliteDatabase; prepared: string[] } {
  const sqlite = new SQLite(file);
  const prepared: string[] = [];
  const database: BetterSqliteDatabase = {
    prepare(sql: string) {
      prepared.push(sql);
      return sqlite.prepare(sql) as never;
    },
    close: () => sqlite.close(),
  };
  return { database, prepared };
}

async function createUsers(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('username', 'varchar(50)', (c) => c.notNull())
    .addColumn('is_active', 'boolean', (c) => c.notNull())
    .addColumn('secret', 'varchar(50)')
    .execute();
  await db
    .insertInto('users')
    .values(
      Array.from({ length: 30 }, (_, i) => ({
        id: i + 1,
        username: `user${i + 1}`,
        is_active: i % 3 !== 0 ? 1 : 0,
        secret: 'x',
      })),
    )
    .execute();
}

/** Kysely over the test database with Bolt's statement handling. */
function preparedKysely(database: TestDatabase): { db: Kysely<any>; close(): Promise<void> } {
  if (database.dialect === 'sqlite') {
    const db = new Kysely<any>({
      dialect: new SqliteDialect({ database: cachedStatements(new SQLite(database.location)) }),
    });
    return { db, close: () => db.destroy() };
  }
  const pool = new pg.Pool({ connectionString: database.location, max: 1 });
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: preparedStatements(pool) }) });
  return { db, close: () => db.destroy() };
}

tap.test('SQLite: each SQL text is prepared once, and rows are what the plain driver returns', async (t) => {
  const plain = await (await import('./fixtures/databases.js')).openSqlite();
  t.teardown(() => plain.close());
  await createUsers(plain.db);
  const { database, prepared } = countingSqlite(plain.location);
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: cachedStatements(database) }) });
  t.teardown(() => db.destroy());
  const query = () => db.selectFrom('users').selectAll().where('id', '<=', 3).orderBy('id');
  const first = await query().execute();
  for (let i = 0; i < 4; i++) t.strictSame(await query().execute(), first);
  t.equal(prepared.filter((sql) => sql.startsWith('select')).length, 1, 'prepared once for five executions');
  const expected = await plain.db
    .selectFrom('users')
    .selectAll()
    .where('id', '<=', 3)
    .orderBy('id')
    .execute();
  t.strictSame(first, expected, 'same rows, same values');
  t.strictSame(Object.keys(first[0]!), Object.keys(expected[0]!), 'same keys in the same order');
  t.strictSame(await db.selectFrom('users').selectAll().where('id', '=', 999).execute(), [], 'no rows');
  const [inserted] = await db
    .insertInto('users')
    .values({ id: 100, username: 'new', is_active: 1 })
    .returning(['id', 'username'])
    .execute();
  t.strictSame(inserted, { id: 100, username: 'new' }, 'insert ... returning reads rows too');
});

tap.test('SQLite: the cache is bounded, least recently used first out; DDL empties it', async (t) => {
  const plain = await (await import('./fixtures/databases.js')).openSqlite();
  t.teardown(() => plain.close());
  await createUsers(plain.db);
  const { database, prepared } = countingSqlite(plain.location);
  const cache = cachedStatements(database, { maxStatements: 2 });
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: cache }) });
  t.teardown(() => db.destroy());
  const byLimit = (n: number) => db.selectFrom('users').select('id').limit(n);
  const a = db.selectFrom('users').select('id');
  const b = db.selectFrom('users').select('username');
  const c = db.selectFrom('users').select('is_active');
  await a.execute();
  await b.execute();
  await a.execute(); // a is now the most recent
  await c.execute(); // b goes
  t.equal(cache.size, 2);
  const before = prepared.length;
  await a.execute();
  t.equal(prepared.length, before, 'the recently used statement stayed');
  await b.execute();
  t.equal(prepared.length, before + 1, 'the least recently used one was dropped');
  t.strictSame((await byLimit(2).execute()).length, 2);
  await db.schema.alterTable('users').addColumn('extra', 'integer').execute();
  t.equal(cache.size, 0, 'DDL emptied the cache');
  const [row] = await db.selectFrom('users').selectAll().where('id', '=', 1).execute();
  t.ok('extra' in (row ?? {}), 'select * after the change sees the new column');
  t.throws(() => cachedStatements(database, { maxStatements: 0 }), RangeError);
});

tap.test('SQLite: streams read object rows beside the cached (raw) statement of the same text', async (t) => {
  const plain = await (await import('./fixtures/databases.js')).openSqlite();
  t.teardown(() => plain.close());
  await createUsers(plain.db);
  const db = new Kysely<any>({
    dialect: new SqliteDialect({ database: cachedStatements(new SQLite(plain.location)) }),
  });
  t.teardown(() => db.destroy());
  const query = db.selectFrom('users').select(['id']).orderBy('id');
  await query.execute();
  const seen: number[] = [];
  for await (const row of query.stream()) seen.push(row.id);
  t.equal(seen.length, 30);
  t.equal(seen[29], 30);
  t.strictSame((await query.execute())[0], { id: 1 }, 'the cached statement still builds objects');
});

tap.test('PostgreSQL and SQLite: prepared queries', async (t) => {
  eachDialect(t, 'prepared', async (t, database) => {
    await createUsers(database.db);
    const { db, close } = preparedKysely(database);
    t.teardown(close);
    let builds = 0;
    const page = prepareQuery(db, (p: { limit: number; offset: number }) => {
      builds += 1;
      return db.selectFrom('users').select(['id', 'username']).orderBy('id').limit(p.limit).offset(p.offset);
    });
    const byId = prepareQuery(db, (p: { id: number }) =>
      db.selectFrom('users').select(['id', 'username']).where('id', '=', p.id),
    );
    const all = prepareQuery(db, () => db.selectFrom('users').select('id').where('id', '<', 3).orderBy('id'));
    t.match(page.sql, /limit (\?|\$1) offset (\?|\$2)/);
    t.strictSame(await page.execute({ limit: 2, offset: 0 }), [
      { id: 1, username: 'user1' },
      { id: 2, username: 'user2' },
    ]);
    t.strictSame(await page.bind({ limit: 1, offset: 5 }).execute(), [{ id: 6, username: 'user6' }]);
    t.strictSame(await byId.bind({ id: 7 }).executeTakeFirst(), { id: 7, username: 'user7' });
    t.equal(await byId.bind({ id: 999 }).executeTakeFirst(), undefined);
    t.strictSame(await all.execute(), [{ id: 1 }, { id: 2 }]);
    t.equal(builds, 1, 'the builder ran once for every execution');
    t.throws(
      () =>
        prepareQuery(db, (p: { limit: number }) =>
          db.selectFrom('users').selectAll().limit(Math.min(p.limit, 10)),
        ),
      PreparedQueryError,
      'a placeholder the builder computes with is refused at startup',
    );

    if (database.dialect === 'postgres') {
      await page.execute({ limit: 3, offset: 1 });
      const { rows } = await db
        .selectFrom('pg_prepared_statements' as never)
        .select(['name' as never, 'statement' as never])
        .execute()
        .then((r) => ({ rows: r as { name: string; statement: string }[] }));
      const named = rows.find((r) => r.statement === page.sql);
      t.ok(named, 'the query is a named prepared statement on the connection');
      t.match(named?.name, /^bolt_\d+_\d+$/);
    }

    // Served through ormCoerce: the bound query is executed and its rows coerced (SQLite's 0/1).
    const User = Type.Object({ id: Type.Integer(), username: Type.String(), is_active: Type.Boolean() });
    const users = prepareQuery(db, (p: { limit: number }) =>
      selectModel(db.selectFrom('users'), User).orderBy('id').limit(p.limit),
    );
    const one = prepareQuery(db, (p: { id: number }) =>
      selectModel(db.selectFrom('users'), User).where('id', '=', p.id),
    );
    const api = new BoltAPI({ plugins: [ormCoerce()] });
    api.get(
      '/users',
      { query: bt.Object({ limit: bt.Integer() }), response: Type.Array(User) },
      ({ query }) => users.bind(query),
    );
    api.get('/users/{id}', { params: bt.Object({ id: bt.Integer() }), response: User }, ({ params }) =>
      one.bind(params),
    );
    const list = await api.inject({ method: 'GET', url: '/users?limit=2' });
    t.equal(list.status, 200);
    t.strictSame(list.json(), [
      { id: 1, username: 'user1', is_active: false },
      { id: 2, username: 'user2', is_active: true },
    ]);
    t.equal((await api.inject({ method: 'GET', url: '/users/404' })).status, 404);
    t.strictSame((await api.inject({ method: 'GET', url: '/users/2' })).json(), {
      id: 2,
      username: 'user2',
      is_active: true,
    });
  });
});

tap.test(
  'SQLite: prepared queries read the cached statement directly, except in a transaction',
  async (t) => {
    const plain = await (await import('./fixtures/databases.js')).openSqlite();
    t.teardown(() => plain.close());
    await createUsers(plain.db);
    const sqlite = new SQLite(plain.location);
    const statements = cachedStatements(sqlite);
    const logged: string[] = [];
    const db = new Kysely<any>({
      dialect: new SqliteDialect({ database: statements }),
      log: (event) => {
        logged.push(event.query.sql);
      },
    });
    t.teardown(() => db.destroy());
    const byId = prepareQuery(
      db,
      (p: { id: number }) => db.selectFrom('users').select(['id', 'username']).where('id', '=', p.id),
      { statements },
    );
    t.strictSame(await byId.execute({ id: 4 }), [{ id: 4, username: 'user4' }]);
    t.strictSame(logged, [], 'not through Kysely: its query log saw nothing');

    // A transaction holds the connection: the read waits for it through Kysely and never sees its
    // uncommitted row (read directly, it would).
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const transaction = db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('users').values({ id: 500, username: 'uncommitted', is_active: 1 }).execute();
        await gate;
        throw new Error('roll back');
      })
      .catch(() => undefined);
    const deadline = Date.now() + 30_000;
    while (!sqlite.inTransaction && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    t.ok(sqlite.inTransaction, 'the transaction is open');
    const during = byId.execute({ id: 500 });
    release();
    await transaction;
    t.strictSame(await during, [], 'the rolled-back row was never read');
    t.ok(
      logged.some((sql) => sql.startsWith('select')),
      'that read went through Kysely',
    );

    // With plugins, whose result transforms a direct read would skip, every read goes through Kysely.
    const { CamelCasePlugin } = await import('kysely');
    const camel = db.withPlugin(new CamelCasePlugin());
    const named = prepareQuery(
      camel,
      () => camel.selectFrom('users').select(['id', 'isActive']).where('id', '=', 2),
      {
        statements,
      },
    );
    t.strictSame(await named.execute(), [{ id: 2, isActive: 1 }]);
  },
);

tap.test('PostgreSQL: texts beyond maxStatements run unnamed', async (t) => {
  eachDialect(t, 'prepared_bound', async (t, database) => {
    if (database.dialect !== 'postgres') return;
    const pool = new pg.Pool({ connectionString: database.location, max: 1 });
    const db = new Kysely<any>({
      dialect: new PostgresDialect({ pool: preparedStatements(pool, { maxStatements: 1 }) }),
    });
    t.teardown(() => db.destroy());
    await db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
    await db.selectNoFrom((eb) => eb.val(2).as('two')).execute();
    const rows = (await db
      .selectFrom('pg_prepared_statements' as never)
      .select('name' as never)
      .execute()) as { name: string }[];
    t.equal(rows.filter((r) => r.name.startsWith('bolt_')).length, 1, 'one named statement');
  });
});
