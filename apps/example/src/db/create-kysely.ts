/**
 * A Kysely instance for a configuration: better-sqlite3 (WAL, so several processes can read while
 * one writes; a busy timeout instead of instant SQLITE_BUSY; statements prepared once per text) or a
 * pg pool running named prepared statements that survives a server
 * outage: a client losing its server emits 'error', which would crash the process if nobody
 * listened; the pool drops that client and connects anew when asked. Only the driver in use is
 * imported: pg alone costs about 5 MB of RSS in every worker of a SQLite app.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { cachedStatements, preparedStatements, type StatementCache } from '@bolt/orm-coerce';
import { Kysely, PostgresDialect, SqliteAdapter, SqliteDialect } from 'kysely';
import type { DatabaseConfig } from './database-config.js';
import type { Database } from './schema.js';

/** A Kysely instance, and on SQLite the statement cache under it (for direct prepared reads). */
export interface KyselyHandle {
  readonly db: Kysely<Database>;
  readonly statements?: StatementCache;
}

export async function createKysely(config: DatabaseConfig): Promise<Kysely<Database>> {
  return (await openKysely(config)).db;
}

/** {@link createKysely}, keeping the SQLite statement cache beside the instance. */
export async function openKysely(config: DatabaseConfig): Promise<KyselyHandle> {
  if (config.dialect === 'sqlite') {
    const { default: SQLite } = await import('better-sqlite3');
    mkdirSync(dirname(config.path), { recursive: true });
    const sqlite = new SQLite(config.path, { timeout: 5000 });
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    // Each SQL text prepared once (Kysely's driver prepares per query), rows built from raw arrays.
    const statements = cachedStatements(sqlite);
    const db = new Kysely<Database>({ dialect: new MigratingSqliteDialect({ database: statements }) });
    return { db, statements };
  }
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize,
    connectionTimeoutMillis: 5000,
  });
  const lost = (error: Error) => {
    process.stderr.write(`[bolt:example] database connection lost: ${error.message}\n`);
  };
  pool.on('error', lost);
  // A checked-out client whose server goes away emits 'error' too, and the pool only listens
  // while the client is idle. The failed query answers 503; the pool drops the client on release.
  pool.on('connect', (client) => client.on('error', lost));
  // Named prepared statements: each connection parses and plans a query text once.
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparedStatements(pool) }) }) };
}

/**
 * SQLite runs DDL inside transactions, but Kysely 0.28's adapter says it does not, so its Migrator
 * would run migrations bare: two processes opening a fresh file would both create `users` and the
 * loser fail with "table already exists". Inside a transaction the loser gets SQLITE_BUSY instead,
 * which `migrate()` retries, and then finds nothing left to do.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class MigratingSqliteDialect extends SqliteDialect {
  override createAdapter(): SqliteAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
