/**
 * @bolt/orm-coerce: Kysely rows and queries become Bolt response models, on SQLite and PostgreSQL.
 *
 * @example
 * import { BoltAPI, t } from '@bolt/core';
 * import { ormCoerce, selectModel } from '@bolt/orm-coerce';
 * const api = new BoltAPI({ prefix: '/users', plugins: [ormCoerce()] });
 * api.get('/mini10', { response: t.Array(UserMini) }, () =>
 *   selectModel(db.selectFrom('users'), UserMini).orderBy('id').limit(10));
 */
export { columnName } from './column-name.js';
export { compileCoercer, type RowCoercer } from './compile-coercer.js';
export { isDatabaseUnavailable } from './database-unavailable.js';
export {
  type PgPool,
  type PgPoolClient,
  type PreparedStatementOptions,
  preparedStatements,
} from './driver/pg-prepared-pool.js';
export {
  type BetterSqliteDatabase,
  type BetterSqliteStatement,
  cachedStatements,
  type StatementCache,
  type StatementCacheOptions,
} from './driver/sqlite-statement-cache.js';
export {
  CoercionError,
  type CoercionIssue,
  DATABASE_UNAVAILABLE,
  ERROR_CODES,
  formatPath,
  OrmCoerceError,
  PreparedQueryError,
  QueryError,
  UnsupportedSchemaError,
} from './errors.js';
export { type ExecutableQuery, isExecutable } from './is-executable.js';
export type { CoerceOptions } from './options.js';
export { databaseUnavailable, type OrmCoerceOptions, ormCoerce } from './orm-coerce-plugin.js';
export { BoundQuery, PreparedQuery, type PrepareQueryOptions, prepareQuery } from './prepared-query.js';
export { type ModelColumns, modelColumns, type SelectModelOptions, selectModel } from './select-model.js';
