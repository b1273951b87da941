import type { BoltPlugin, ResultResolver, ResultRouteInfo } from '@bolt/core';
import { HTTPError } from '@bolt/core';
import { Kind } from '@bolt/schema';
import { compileCoercer } from './compile-coercer.js';
import { isDatabaseUnavailable } from './database-unavailable.js';
import { DATABASE_UNAVAILABLE, QueryError, UnsupportedSchemaError } from './errors.js';
import { type ExecutableQuery, isExecutable } from './is-executable.js';
import type { CoerceOptions } from './options.js';

/** Options of {@link ormCoerce}. */
export interface OrmCoerceOptions extends CoerceOptions {
  /**
   * Told about every database failure answered 503 (the client only sees the fixed detail).
   * Default: one line on stderr per failure.
   */
  readonly onDatabaseUnavailable?: (error: unknown, route: string) => void;
  /** Detail of the 404 for a single-object route whose query found no row. Default `'Not Found'`. */
  readonly notFoundDetail?: string;
}

/**
 * The Bolt plugin that runs returned Kysely queries and coerces rows into the route's response
 * model. For every route with a `response` model it compiles one coercer at startup; per request
 * it executes a returned query (`execute()`, or `executeTakeFirst()` when the model is a single
 * object) and coerces the rows, or coerces rows/objects the handler returned itself.
 *
 * Answers: an object route whose query finds no row -> 404; an unreachable database -> 503
 * `{"detail":"Database unavailable, retry later"}` with `retry-after: 1` (the pool reconnects when
 * it is back); a failing query -> logged 500 ({@link QueryError}); a value that cannot become the
 * model -> logged 500 naming the field and the row ({@link CoercionError}).
 *
 * @example
 * const api = new BoltAPI({ prefix: '/users', plugins: [ormCoerce({ columns: 'snake_case' })] });
 * api.get('/full10', { response: t.Array(User) }, () => db.selectFrom('users').selectAll().limit(10));
 * api.get('/{id}', { params: t.Object({ id: t.Integer() }), response: User },
 *   ({ params }) => db.selectFrom('users').selectAll().where('id', '=', params.id)); // 404 when absent
 */
export function ormCoerce(options: OrmCoerceOptions = {}): BoltPlugin {
  const report = options.onDatabaseUnavailable ?? reportToStderr;
  const notFound = options.notFoundDetail ?? 'Not Found';
  return {
    name: 'orm-coerce',
    resultResolver(route: ResultRouteInfo): ResultResolver {
      const where = `${route.method} ${route.pattern}`;
      const many = route.schema[Kind] === 'Array';
      let coerce: (value: unknown) => unknown;
      try {
        coerce = compileCoercer(route.schema, options);
      } catch (error) {
        if (!(error instanceof UnsupportedSchemaError)) throw error;
        // A model rows cannot become (a Record, say) on a route that returns no query: leave its
        // plain values to the serializer, and refuse a query there rather than send raw rows.
        return (value) => {
          if (isExecutable(value)) throw error;
          return value;
        };
      }
      const run = async (query: ExecutableQuery): Promise<unknown> => {
        try {
          if (many) return await query.execute();
          const row =
            typeof query.executeTakeFirst === 'function'
              ? await query.executeTakeFirst()
              : firstRow(await query.execute());
          if (row === undefined) throw new HTTPError(404, notFound);
          return row;
        } catch (error) {
          if (error instanceof HTTPError) throw error;
          if (isDatabaseUnavailable(error)) {
            report(error, where);
            throw databaseUnavailable();
          }
          throw new QueryError(where, error);
        }
      };
      return (value) => (isExecutable(value) ? run(value).then(coerce) : coerce(value));
    },
  };
}

/**
 * The 503 Bolt answers while the database is unreachable, for code that talks to the database
 * outside a returned query (opening it lazily, a transaction in the handler).
 *
 * @example
 * try { await db.transaction().execute(work); }
 * catch (error) { throw isDatabaseUnavailable(error) ? databaseUnavailable() : error; }
 * // 503 {"detail":"Database unavailable, retry later"}, retry-after: 1
 */
export function databaseUnavailable(): HTTPError {
  return new HTTPError(
    DATABASE_UNAVAILABLE.status,
    DATABASE_UNAVAILABLE.detail,
    { 'retry-after': '1' },
    DATABASE_UNAVAILABLE.code,
  );
}

function firstRow(rows: unknown): unknown {
  return Array.isArray(rows) ? rows[0] : rows;
}

function reportToStderr(error: unknown, route: string): void {
  const reason =
    error instanceof Error ? `${(error as { code?: string }).code ?? error.name}: ${error.message}` : error;
  process.stderr.write(`[bolt:orm-coerce] database unavailable in ${route}: ${String(reason)}\n`);
}
