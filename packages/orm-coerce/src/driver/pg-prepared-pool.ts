/**
 * A pg pool for Kysely's PostgresDialect whose queries run as named prepared statements: each SQL
 * text gets a name once, and each connection parses and plans it once, on first use; later
 * executions send only Bind and Execute. Kysely's driver sends every query unnamed (parsed and
 * planned anew each time).
 */
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/** What pg's Pool offers that the wrapper uses (structural: no import of the driver). */
export interface PgPool {
  connect(): Promise<PgPoolClient>;
  end(): Promise<void>;
}

/** The part of a pg PoolClient the wrapper uses. */
export interface PgPoolClient {
  query(config: { name?: string; text: string; values?: unknown[] }): Promise<PostgresQueryResult<unknown>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  release(destroy?: boolean): void;
}

/** Options of {@link preparedStatements}. */
export interface PreparedStatementOptions {
  /**
   * SQL texts given a name; texts beyond run unnamed, as without the wrapper. Each connection
   * keeps the statements it used until it closes, so this bounds the server's memory per
   * connection. Default 256.
   */
  readonly maxStatements?: number;
}

const DDL = /^\s*(create|alter|drop)\b/i;

/**
 * Wraps a pg Pool for `new PostgresDialect({ pool })`: queries run as named prepared statements
 * (at most `maxStatements` distinct texts). After a DDL statement (create, alter, drop) the texts
 * get fresh names, so no statement planned against the old schema is reused.
 *
 * @example
 * import pg from 'pg';
 * import { Kysely, PostgresDialect } from 'kysely';
 * import { preparedStatements } from '@bolt/orm-coerce';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparedStatements(pool) }) });
 */
export function preparedStatements(pool: PgPool, options: PreparedStatementOptions = {}): PostgresPool {
  const max = options.maxStatements ?? 256;
  if (!Number.isInteger(max) || max < 0)
    throw new RangeError(`maxStatements must be a non-negative integer, got ${String(max)}`);
  let names = new Map<string, string>();
  let generation = 0;
  let next = 0;
  const nameOf = (sql: string): string | undefined => {
    const known = names.get(sql);
    if (known !== undefined || names.size >= max) return known;
    // Names are never reused for another text: pg refuses a known name with a different text.
    const name = `bolt_${generation}_${next++}`;
    names.set(sql, name);
    return name;
  };
  // Kysely keeps one connection object per client it is handed: hand it the same wrapper.
  const wrappers = new WeakMap<PgPoolClient, PostgresPoolClient>();
  const wrap = (client: PgPoolClient): PostgresPoolClient => {
    const wrapper = {
      query(sqlOrCursor: string | PostgresCursor<unknown>, parameters?: ReadonlyArray<unknown>) {
        if (typeof sqlOrCursor !== 'string') return client.query(sqlOrCursor);
        const values = parameters as unknown[];
        if (DDL.test(sqlOrCursor)) {
          names = new Map();
          generation += 1;
          return client.query({ text: sqlOrCursor, values });
        }
        const name = nameOf(sqlOrCursor);
        return client.query(
          name === undefined ? { text: sqlOrCursor, values } : { name, text: sqlOrCursor, values },
        );
      },
      release: (destroy?: boolean) => client.release(destroy),
    } as PostgresPoolClient;
    wrappers.set(client, wrapper);
    return wrapper;
  };
  return {
    async connect() {
      const client = await pool.connect();
      return wrappers.get(client) ?? wrap(client);
    },
    end: () => pool.end(),
  };
}
