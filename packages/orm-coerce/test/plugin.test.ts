import { BoltAPI, t as bt } from '@bolt/core';
import { Type } from '@sinclair/typebox';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import tap from 'tap';
import { CoercionError, ormCoerce, QueryError, selectModel } from '../src/index.js';
import { captureLogger } from './fixtures/capture-logger.js';
import { eachDialect } from './fixtures/databases.js';
import { createOwners } from './fixtures/owners.js';

const Owner = Type.Object({
  id: Type.Integer(),
  userName: Type.String(),
  isActive: Type.Boolean(),
  balance: Type.Number(),
  createdAt: Type.String({ format: 'date-time' }),
  nickname: Type.Union([Type.String(), Type.Null()]),
});
const OwnerMini = Type.Object({ id: Type.Integer(), userName: Type.String() });

function ownersApi(db: Kysely<any>, logger = captureLogger().logger) {
  const api = new BoltAPI({ prefix: '/owners', plugins: [ormCoerce({ columns: 'snake_case' })], logger });
  api.get('/', { response: Type.Array(Owner) }, () => db.selectFrom('owners').selectAll().orderBy('id'));
  api.get('/mini', { response: Type.Array(OwnerMini) }, () =>
    selectModel(db.selectFrom('owners'), OwnerMini, { columns: 'snake_case' }).orderBy('id'),
  );
  api.get('/rows', { response: Type.Array(OwnerMini) }, async () => {
    const rows = await db.selectFrom('owners').selectAll().orderBy('id').execute();
    // Raw rows are typed as the table (user_name, 0/1), not as the model: the plugin makes them so.
    return rows as never;
  });
  api.get('/{id}', { params: bt.Object({ id: bt.Integer() }), response: Owner }, ({ params }) =>
    db.selectFrom('owners').selectAll().where('id', '=', params.id),
  );
  api.get('/broken/null', { response: Type.Array(Type.Object({ nickname: Type.String() })) }, () =>
    db.selectFrom('owners').select('nickname').orderBy('id'),
  );
  api.get('/broken/sql', { response: Type.Array(OwnerMini) }, () =>
    db.selectFrom('no_such_table').selectAll(),
  );
  return api;
}

tap.test('a returned query is executed and its rows coerced into the model', async (t) => {
  eachDialect(t, 'plugin', async (t, { db, dialect }) => {
    await createOwners(db, dialect);
    const api = ownersApi(db);

    const all = await api.inject({ method: 'GET', url: '/owners/' });
    t.equal(all.status, 200);
    t.strictSame(all.json(), [
      {
        id: 1,
        userName: 'ada',
        isActive: true,
        balance: 12.5,
        createdAt: '2024-05-01T10:20:30.000Z',
        nickname: null,
      },
      {
        id: 2,
        userName: 'bob',
        isActive: false,
        balance: 0.25,
        createdAt: '2023-12-31T23:59:59.000Z',
        nickname: 'bobby',
      },
    ]);

    const mini = await api.inject({ method: 'GET', url: '/owners/mini' });
    t.strictSame(mini.json(), [
      { id: 1, userName: 'ada' },
      { id: 2, userName: 'bob' },
    ]);
    const rows = await api.inject({ method: 'GET', url: '/owners/rows' });
    t.strictSame(
      rows.json(),
      mini.json(),
      'rows returned by the handler are coerced too, extra columns dropped',
    );

    const one = await api.inject({ method: 'GET', url: '/owners/2' });
    t.equal(one.status, 200);
    t.match(one.json(), { id: 2, isActive: false });
    const absent = await api.inject({ method: 'GET', url: '/owners/99' });
    t.equal(absent.status, 404);
    t.strictSame(absent.json(), { detail: 'Not Found' });
  });
});

tap.test('selectModel selects only the model columns', async (t) => {
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
  t.teardown(() => db.destroy());
  const mini = selectModel(db.selectFrom('owners'), Type.Array(OwnerMini), {
    columns: 'snake_case',
  }).compile();
  t.equal(mini.sql, 'select "id", "user_name" from "owners"');
  const joined = selectModel(db.selectFrom('owners'), Owner, {
    table: 'owners',
    omit: ['balance'],
  }).compile();
  t.equal(
    joined.sql,
    'select "owners"."id", "owners"."userName", "owners"."isActive", "owners"."createdAt", "owners"."nickname" from "owners"',
  );
  t.throws(() => selectModel(db.selectFrom('owners'), Type.String()), TypeError);
});

tap.test('failures are logged 500s naming the cause, and other routes keep serving', async (t) => {
  eachDialect(t, 'failures', async (t, { db, dialect }) => {
    await createOwners(db, dialect);
    const { logs, logger } = captureLogger();
    const api = ownersApi(db, logger);

    const nulls = await api.inject({ method: 'GET', url: '/owners/broken/null' });
    t.equal(nulls.status, 500);
    t.strictSame(nulls.json(), { detail: 'Internal Server Error' }, 'no value and no cause goes out');
    const coercion = logs.find((log) => log.obj.err instanceof CoercionError)?.obj.err as CoercionError;
    t.ok(coercion, 'the coercion error is logged');
    t.match(coercion.message, /\$\[0\]\.nickname/);

    const bad = await api.inject({ method: 'GET', url: '/owners/broken/sql' });
    t.equal(bad.status, 500);
    const query = logs.find((log) => log.obj.err instanceof QueryError)?.obj.err as QueryError;
    t.equal(query?.code, 'BOLT_ERR_ORM_QUERY');
    t.match(query.message, /no_such_table/);

    const ok = await api.inject({ method: 'GET', url: '/owners/mini' });
    t.equal(ok.status, 200);
  });
});

tap.test('an unreachable PostgreSQL server is a 503 with retry-after', async (t) => {
  // Nothing listens on port 1 of the loopback: connections are refused at once.
  const pool = new pg.Pool({
    connectionString: 'postgres://bolt@127.0.0.1:1/none',
    connectionTimeoutMillis: 2000,
  });
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  t.teardown(() => db.destroy());
  const seen: string[] = [];
  const api = new BoltAPI({
    logger: captureLogger().logger,
    plugins: [ormCoerce({ onDatabaseUnavailable: (_error, route) => seen.push(route) })],
  });
  api.get('/owners', { response: Type.Array(OwnerMini) }, () => db.selectFrom('owners').selectAll());
  api.get('/health', () => ({ ok: true }));
  const res = await api.inject({ method: 'GET', url: '/owners' });
  t.equal(res.status, 503);
  t.strictSame(res.json(), { detail: 'Database unavailable, retry later' });
  t.equal(res.headers['retry-after'], '1');
  t.strictSame(seen, ['GET /owners']);
  t.equal((await api.inject({ method: 'GET', url: '/health' })).status, 200);
});

tap.test('a SQLite database locked by another connection is a 503', async (t) => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'bolt-lock-'));
  const file = join(dir, 'locked.sqlite');
  const holder = new SQLite(file);
  holder.exec('create table owners (id integer primary key, user_name text)');
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(file, { timeout: 50 }) }) });
  t.teardown(async () => {
    await db.destroy();
    holder.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const api = new BoltAPI({
    logger: captureLogger().logger,
    plugins: [ormCoerce({ onDatabaseUnavailable: () => {} })],
  });
  api.get('/owners', { response: Type.Array(OwnerMini) }, () => db.selectFrom('owners').selectAll());
  holder.exec('begin exclusive');
  t.equal((await api.inject({ method: 'GET', url: '/owners' })).status, 503);
  holder.exec('commit');
  const back = await api.inject({ method: 'GET', url: '/owners' });
  t.equal(back.status, 200, 'served again once the lock is released');
  t.strictSame(back.json(), []);
});

tap.test('a model rows cannot become leaves plain values alone and refuses queries', async (t) => {
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
  t.teardown(() => db.destroy());
  const { logs, logger } = captureLogger();
  const api = new BoltAPI({ logger, plugins: [ormCoerce()] });
  const Scores = Type.Record(Type.String(), Type.Number());
  api.get('/plain', { response: Scores }, () => ({ ada: 3, bob: 1 }));
  api.get('/query', { response: Scores }, () => db.selectFrom('sqlite_master').selectAll());
  const plain = await api.inject({ method: 'GET', url: '/plain' });
  t.equal(plain.status, 200, 'the app compiles and the route serves');
  t.strictSame(plain.json(), { ada: 3, bob: 1 });
  const query = await api.inject({ method: 'GET', url: '/query' });
  t.equal(query.status, 500);
  t.match(String((logs[0]?.obj.err as Error)?.message), /Record/);
});
