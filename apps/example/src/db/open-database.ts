/**
 * The example's database, ready to query: created, migrated and seeded on first call, with no
 * step by the user. Later calls for the same location return the same handle.
 *
 * @example
 * const { db } = await openDatabase();                      // apps/example/data/bolt.sqlite
 * const pgDb = await openDatabase({ dialect: 'postgres', url, poolSize: 10 });
 */
import type { StatementCache } from '@bolt/orm-coerce';
import type { Kysely } from 'kysely';
import { type DatabaseConfig, databaseConfigFromEnv } from './database-config.js';
import type { Database } from './schema.js';

export interface ExampleDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: DatabaseConfig['dialect'];
  /** SQLite: the statement cache under `db`, so prepared queries can read it directly. */
  readonly statements?: StatementCache;
  /** The SQLite file, or the PostgreSQL URL without its password. */
  readonly location: string;
  /** True once `close()` was called: whoever kept this handle (or queries built on it) opens anew. */
  readonly closed: boolean;
  /** Closes the connections; a later `openDatabase` for the location opens anew. */
  close(): Promise<void>;
}

const opened = new Map<string, Promise<ExampleDatabase>>();

/**
 * Opens (creating, migrating and seeding when needed) the database of `config`, by default the
 * one the environment names (see database-config.ts). A failed open is not remembered: the next
 * call tries again, so an app started before its database can recover.
 */
export function openDatabase(config: DatabaseConfig = databaseConfigFromEnv()): Promise<ExampleDatabase> {
  const key = config.dialect === 'sqlite' ? `sqlite:${config.path}` : config.url;
  let handle = opened.get(key);
  if (handle === undefined) {
    handle = prepare(config, key);
    opened.set(key, handle);
    handle.catch(() => opened.delete(key));
  }
  return handle;
}

async function prepare(config: DatabaseConfig, key: string): Promise<ExampleDatabase> {
  // The database layer (Kysely's 300-odd modules and a driver: about 11 MB of RSS) loads on first
  // use, so a worker that never serves /users/* does not carry it.
  const [{ openKysely }, { migrate }, { seed }] = await Promise.all([
    import('./create-kysely.js'),
    import('./migrate.js'),
    import('./seed.js'),
  ]);
  const { db, statements } = await openKysely(config);
  try {
    await migrate(db);
    await seed(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  let closed = false;
  return {
    db,
    ...(statements ? { statements } : {}),
    dialect: config.dialect,
    location: config.dialect === 'sqlite' ? config.path : config.url.replace(/:[^:@/]*@/, ':***@'),
    get closed() {
      return closed;
    },
    async close() {
      closed = true;
      opened.delete(key);
      await db.destroy();
    },
  };
}
