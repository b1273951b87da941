/**
 * Queries declared once and executed many times: the Kysely builder runs and compiles once, with
 * placeholders where the per-request values go; each request only binds its values into the
 * compiled parameters and executes. With {@link cachedStatements} (SQLite) or
 * {@link preparedStatements} (PostgreSQL) the database also prepares the SQL text once.
 */
import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { StatementCache } from './driver/sqlite-statement-cache.js';
import { PreparedQueryError } from './errors.js';

/** Options of {@link prepareQuery}. */
export interface PrepareQueryOptions {
  /**
   * The {@link cachedStatements} the Kysely instance's SqliteDialect reads, to run the query on its
   * cached statement directly: synchronously, without Kysely's asynchronous driver chain
   * (connection provider, mutex, result transforms), which costs more than the query itself on a
   * 10-row select. Used only while no transaction is open on the connection (otherwise the query
   * waits its turn through Kysely, as without this option) and only when the Kysely instance has no
   * plugins (their result transforms would be skipped). Kysely's query log does not see these
   * reads. Default: none, every execution goes through Kysely.
   */
  readonly statements?: StatementCache;
}

/** Stands for `params[name]` while the query is built; never reaches the database. */
class Placeholder {
  constructor(readonly name: string) {}
}

/** A prepared query with its values bound: what a route returns (ormCoerce executes it). */
export class BoundQuery<O> {
  readonly #prepared: PreparedQuery<never, O>;
  readonly #params: Record<string, unknown>;

  /** @internal */
  constructor(prepared: PreparedQuery<never, O>, params: Record<string, unknown>) {
    this.#prepared = prepared;
    this.#params = params;
  }

  /** Runs the query: every row. */
  async execute(): Promise<O[]> {
    return this.#prepared.rows(this.#params);
  }

  /** Runs the query: the first row, or `undefined`. */
  async executeTakeFirst(): Promise<O | undefined> {
    return (await this.#prepared.rows(this.#params))[0];
  }
}

/** The values of a prepared query, given per request; omit them when it declares none. */
type BindArgs<P> = keyof P extends never ? [params?: P] : [params: P];

/** A query compiled once by {@link prepareQuery}. */
export class PreparedQuery<P, O> {
  /** The SQL text the database prepares (once, with the statement caches). */
  readonly sql: string;
  readonly #db: Kysely<any>;
  readonly #compiled: CompiledQuery<O>;
  /** Per compiled parameter: the name of the value it takes, or undefined for a constant. */
  readonly #slots: ReadonlyArray<string | undefined>;
  readonly #direct: StatementCache | undefined;

  /** @internal */
  constructor(
    db: Kysely<any>,
    compiled: CompiledQuery<O>,
    slots: ReadonlyArray<string | undefined>,
    direct: StatementCache | undefined,
  ) {
    this.#db = db;
    this.#compiled = compiled;
    this.#slots = slots;
    this.#direct = direct;
    this.sql = compiled.sql;
  }

  /** The query with this request's values, for a route to return. */
  bind(...[params]: BindArgs<P>): BoundQuery<O> {
    return new BoundQuery(this as PreparedQuery<never, O>, (params ?? {}) as Record<string, unknown>);
  }

  /** Runs the query with `params`: every row. */
  execute(...[params]: BindArgs<P>): Promise<O[]> {
    return this.rows((params ?? {}) as Record<string, unknown>);
  }

  /** @internal */
  async rows(params: Record<string, unknown>): Promise<O[]> {
    const compiled = this.#compiled;
    const slots = this.#slots;
    const parameters = compiled.parameters.slice();
    for (let i = 0; i < slots.length; i++) {
      const name = slots[i];
      if (name !== undefined) parameters[i] = params[name];
    }
    const rows = this.#direct?.readNow(compiled.sql, parameters);
    if (rows !== undefined) return rows as O[];
    const result = await this.#db.executeQuery<O>({
      sql: compiled.sql,
      query: compiled.query,
      queryId: compiled.queryId,
      parameters,
    });
    return result.rows;
  }
}

/**
 * Declares a query once: `build` receives the parameters as placeholders (typed as the values
 * they stand for) and returns a Kysely builder; it runs and compiles now, once. Each placeholder
 * must become one query parameter (a compared value, a limit, an offset): one that the builder
 * reads or computes with (`Math.min(p.limit, 100)`, a column name) is refused here, at startup.
 * A placeholder is one value: an `in` list of variable length is built per request (or, on
 * PostgreSQL, bound as one array: `where('id', '=', sql\`any(${p.ids})\`)`).
 *
 * @throws {PreparedQueryError} when a placeholder does not become a parameter.
 * @example
 * const byId = prepareQuery(db, (p: { id: number }) =>
 *   db.selectFrom('users').select(['id', 'username']).where('id', '=', p.id));
 * byId.sql;                                      // select "id", "username" from "users" where "id" = ?
 * api.get('/users/{id}', { params: UserId, response: User }, ({ params }) => byId.bind({ id: params.id }));
 * await byId.execute({ id: 3 });                 // [{ id: 3, username: 'user0003' }]
 * // On SQLite through cachedStatements, skip Kysely's async driver chain per execution:
 * const fast = prepareQuery(db, (p: { id: number }) => ..., { statements });
 */
export function prepareQuery<P extends object = Record<never, never>, O = unknown>(
  db: Kysely<any>,
  build: (params: P) => Compilable<O>,
  options: PrepareQueryOptions = {},
): PreparedQuery<P, O> {
  const placeholders = new Map<string, Placeholder>();
  const params = new Proxy(Object.create(null) as object, {
    get(_target, key) {
      if (typeof key !== 'string') return undefined;
      let placeholder = placeholders.get(key);
      if (placeholder === undefined) placeholders.set(key, (placeholder = new Placeholder(key)));
      return placeholder;
    },
  }) as P;
  const compiled = build(params).compile();
  const slots = compiled.parameters.map((value) => (value instanceof Placeholder ? value.name : undefined));
  for (const name of placeholders.keys()) {
    if (!slots.includes(name)) throw new PreparedQueryError(name, compiled.sql);
  }
  const direct = db.getExecutor().plugins.length === 0 ? options.statements : undefined;
  return new PreparedQuery<P, O>(db, compiled, slots, direct);
}
