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
  CoercionError,
  type CoercionIssue,
  DATABASE_UNAVAILABLE,
  ERROR_CODES,
  formatPath,
  OrmCoerceError,
  QueryError,
  UnsupportedSchemaError,
} from './errors.js';
export { type ExecutableQuery, isExecutable } from './is-executable.js';
export type { CoerceOptions } from './options.js';
export { databaseUnavailable, type OrmCoerceOptions, ormCoerce } from './orm-coerce-plugin.js';
export { type ModelColumns, modelColumns, type SelectModelOptions, selectModel } from './select-model.js';
