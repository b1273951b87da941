/**
 * Compile-time checks of selectModel (run by `tsc --noEmit`, the typecheck step): a model key
 * that is not a column is a type error; the runtime half checks the SQL.
 */
import { Type } from '@sinclair/typebox';
import SQLite from 'better-sqlite3';
import { type Generated, Kysely, SqliteDialect } from 'kysely';
import tap from 'tap';
import { selectModel } from '../src/index.js';

interface DB {
  users: { id: Generated<number>; username: string; first_name: string };
  pets: { id: Generated<number>; owner_id: number; name: string };
}

const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
const Mini = Type.Object({ id: Type.Integer(), username: Type.String() });
const Wrong = Type.Object({ id: Type.Integer(), nickname: Type.String() });
const Camel = Type.Object({ id: Type.Integer(), firstName: Type.String() });

tap.test('selectModel checks model keys against the table at compile time', async (t) => {
  t.teardown(() => db.destroy());
  const ok = selectModel(db.selectFrom('users'), Mini).compile();
  t.equal(ok.sql, 'select "id", "username" from "users"');
  const many = selectModel(db.selectFrom('users'), Type.Array(Mini)).compile();
  t.equal(many.sql, ok.sql);
  // @ts-expect-error nickname is not a column of users
  selectModel(db.selectFrom('users'), Wrong);
  // @ts-expect-error username is not a column of pets
  selectModel(db.selectFrom('pets'), Mini);
  // With options the names are mapped at run time and checked by the database.
  const camel = selectModel(db.selectFrom('users'), Camel, { columns: 'snake_case' }).compile();
  t.equal(camel.sql, 'select "id", "first_name" from "users"');
});
