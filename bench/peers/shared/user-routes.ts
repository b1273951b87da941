/**
 * `/users/full10` and `/users/mini10` for the Node peers: Kysely on better-sqlite3, reading the
 * example app's own SQLite file (env BENCH_DB, set by the runner), rows coerced as Bolt does.
 * Without BENCH_DB the routes are not registered and the runner reports those rows as skipped.
 */

import { existsSync } from 'node:fs';
import { type TSchema, Type } from '@sinclair/typebox';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { UserFull, UserMini } from './schemas.js';

interface UsersTable {
  id: number;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  is_active: number;
}

/** Opens the example's database read-only, or undefined when BENCH_DB is not set. */
export function openUsersDb(path = process.env.BENCH_DB): Kysely<{ users: UsersTable }> | undefined {
  if (!path) return undefined;
  if (!existsSync(path)) {
    throw new Error(
      `BENCH_DB=${path} does not exist: start the example once (make run), or a Bolt contender first`,
    );
  }
  return new Kysely({ dialect: new SqliteDialect({ database: new SQLite(path, { readonly: true }) }) });
}

/** Registers the two ORM routes through `register(path, responseSchema, run)`. */
export function userRoutes(
  register: (path: string, schema: TSchema, run: () => Promise<unknown>) => void,
): void {
  const db = openUsersDb();
  if (!db) return;
  register('/users/full10', Type.Array(UserFull), async () => {
    const rows = await db
      .selectFrom('users')
      .select(['id', 'username', 'email', 'first_name', 'last_name', 'is_active'])
      .orderBy('id')
      .limit(10)
      .execute();
    return rows.map((row) => ({ ...row, is_active: row.is_active === 1 }));
  });
  register('/users/mini10', Type.Array(UserMini), () =>
    db.selectFrom('users').select(['id', 'username']).orderBy('id').limit(10).execute(),
  );
}
