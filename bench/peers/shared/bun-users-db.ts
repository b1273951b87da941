/**
 * Kysely on bun:sqlite for the Elysia peer (Bun cannot load better-sqlite3): a small adapter to the
 * `SqliteDatabase` interface Kysely's SqliteDialect expects. Run by Bun only, so tsc skips it.
 */

import { Database } from 'bun:sqlite';
import { existsSync } from 'node:fs';
import { Kysely, SqliteDialect } from 'kysely';

interface UsersTable {
  id: number;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  is_active: number;
}

/** Opens the example's database read-only, or undefined when BENCH_DB is not set. */
export function openBunUsersDb(path = process.env.BENCH_DB): Kysely<{ users: UsersTable }> | undefined {
  if (!path) return undefined;
  if (!existsSync(path)) {
    throw new Error(
      `BENCH_DB=${path} does not exist: start the example once (make run), or a Bolt contender first`,
    );
  }
  const db = new Database(path, { readonly: true });
  const database = {
    close: () => db.close(),
    prepare: (sql: string) => {
      const statement = db.prepare(sql);
      return {
        reader: statement.columnNames.length > 0,
        all: (params: unknown[]) => statement.all(...params),
        run: (params: unknown[]) => statement.run(...params),
        iterate: (params: unknown[]) => statement.iterate(...params),
      };
    },
  };
  return new Kysely({ dialect: new SqliteDialect({ database }) });
}
