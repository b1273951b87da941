/**
 * A SQLite database for Kysely's SqliteDialect whose statements are prepared once per SQL text.
 * Kysely's driver calls `prepare(sql)` on every query (about a tenth of a small ORM request);
 * this keeps the prepared statements in a bounded, least-recently-used cache instead.
 *
 * Rows come back through raw mode (arrays) and are built into objects by a function generated
 * per statement from its column names: better-sqlite3 builds each row object in C++ one property
 * at a time, which costs about a quarter of a 10-row select; a generated object literal is cheaper
 * and gives every row of a statement one hidden class. Same rows, same keys, same order.
 */
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** What better-sqlite3's Database offers that the cache uses (structural: no import of the driver). */
export interface BetterSqliteDatabase {
  prepare(sql: string): BetterSqliteStatement;
  close(): unknown;
  /** True while a transaction is open on the connection (better-sqlite3 has it). */
  readonly inTransaction?: boolean;
}

/** What {@link cachedStatements} returns: Kysely's SqliteDatabase, and a direct read for prepared queries. */
export interface StatementCache extends SqliteDatabase {
  /** Statements cached now. */
  readonly size: number;
  /**
   * Runs a reader statement now, synchronously, on its cached statement: the rows, or `undefined`
   * when it must go through Kysely instead (a transaction is open on the connection, so Kysely's
   * driver must order it after the transaction; or the statement writes).
   */
  readNow(sql: string, parameters: ReadonlyArray<unknown>): unknown[] | undefined;
}

/** The part of a better-sqlite3 Statement the cache uses. */
export interface BetterSqliteStatement {
  readonly reader: boolean;
  all(...parameters: unknown[]): unknown[];
  run(...parameters: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  iterate(...parameters: unknown[]): IterableIterator<unknown>;
  raw(toggle?: boolean): BetterSqliteStatement;
  columns(): { name: string }[];
}

/** Options of {@link cachedStatements}. */
export interface StatementCacheOptions {
  /** Statements kept; the least recently used is dropped past this. Default 256. */
  readonly maxStatements?: number;
}

type RowBuilder = (values: unknown[]) => Record<string, unknown>;

// Built from the column names SQLite reports: `{ "id": r[0], "username": r[1], ... }`. A later
// duplicate name wins, as in better-sqlite3's own row objects.
function rowBuilder(names: readonly string[]): RowBuilder {
  const last = new Map(names.map((name, index) => [name, index]));
  // A column named __proto__ must be data, not the prototype: a computed key defines it.
  const key = (name: string) => (name === '__proto__' ? '["__proto__"]' : JSON.stringify(name));
  const fields = [...last].map(([name, index]) => `${key(name)}: r[${index}]`);
  return new Function('r', `return { ${fields.join(', ')} };`) as RowBuilder;
}

/** One prepared statement, as Kysely's SqliteConnection sees it. */
class CachedStatement implements SqliteStatement {
  readonly reader: boolean;
  #build: RowBuilder | undefined;
  #width = -1;

  constructor(
    private readonly statement: BetterSqliteStatement,
    private readonly sql: string,
    private readonly database: BetterSqliteDatabase,
  ) {
    this.reader = statement.reader;
    if (this.reader) statement.raw(true);
  }

  all(parameters: ReadonlyArray<unknown>): unknown[] {
    const rows = this.statement.all(...parameters) as unknown[][];
    if (rows.length === 0) return rows;
    // A schema change can change what `select *` returns: rebuild when the width differs.
    if (rows[0]!.length !== this.#width) {
      const names = this.statement.columns().map((c) => c.name);
      this.#build = rowBuilder(names);
      this.#width = names.length;
    }
    const build = this.#build!;
    for (let i = 0; i < rows.length; i++) rows[i] = build(rows[i]!) as unknown as unknown[];
    return rows;
  }

  run(parameters: ReadonlyArray<unknown>): { changes: number | bigint; lastInsertRowid: number | bigint } {
    return this.statement.run(...parameters);
  }

  iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown> {
    // A statement stays busy while it is iterated, and a cached one may be asked again meanwhile
    // (Kysely streams across awaits): stream from a statement of its own, with object rows.
    return this.database.prepare(this.sql).iterate(...parameters);
  }
}

const DDL = /^\s*(create|alter|drop)\b/i;

/**
 * Wraps a better-sqlite3 database for `new SqliteDialect({ database })`: each SQL text is
 * prepared once and kept (at most `maxStatements`, least recently used dropped), and reader
 * statements build their rows from raw arrays. A DDL statement (create, alter, drop) empties
 * the cache, so no statement outlives the schema it was prepared against.
 *
 * @example
 * import SQLite from 'better-sqlite3';
 * import { Kysely, SqliteDialect } from 'kysely';
 * import { cachedStatements } from '@bolt/orm-coerce';
 * const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: cachedStatements(new SQLite('app.db')) }) });
 */
export function cachedStatements(
  database: BetterSqliteDatabase,
  options: StatementCacheOptions = {},
): StatementCache {
  const max = options.maxStatements ?? 256;
  if (!Number.isInteger(max) || max < 1)
    throw new RangeError(`maxStatements must be a positive integer, got ${String(max)}`);
  // A Map iterates in insertion order: re-inserting on use makes the first key the least recent.
  const cache = new Map<string, CachedStatement>();
  const statements: StatementCache = {
    get size() {
      return cache.size;
    },
    close() {
      cache.clear();
      database.close();
    },
    readNow(sql, parameters) {
      if (database.inTransaction !== false) return undefined;
      const statement = statements.prepare(sql);
      return statement.reader ? statement.all(parameters) : undefined;
    },
    prepare(sql: string): SqliteStatement {
      const hit = cache.get(sql);
      if (hit !== undefined) {
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const statement = database.prepare(sql);
      if (!statement.reader && DDL.test(sql)) {
        cache.clear();
        return new CachedStatement(statement, sql, database);
      }
      const cached = new CachedStatement(statement, sql, database);
      cache.set(sql, cached);
      if (cache.size > max) cache.delete(cache.keys().next().value as string);
      return cached;
    },
  };
  return statements;
}
