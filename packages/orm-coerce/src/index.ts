/**
 * @bolt/orm-coerce: Kysely rows and queries become Bolt response models, on SQLite and PostgreSQL.
 *
 * @example
 * import { BoltAPI, t } from '@bolt/core';
 * import { ormCoerce } from '@bolt/orm-coerce';
 * const api = new BoltAPI({ plugins: [ormCoerce()] });
 * api.get('/users', { response: t.Array(User) }, () => db.selectFrom('users').selectAll().limit(10));
 */
export { columnName } from './column-name.js';
export { compileCoercer, type RowCoercer } from './compile-coercer.js';
export {
  CoercionError,
  type CoercionIssue,
  ERROR_CODES,
  formatPath,
  OrmCoerceError,
  QueryError,
  UnsupportedSchemaError,
} from './errors.js';
export type { CoerceOptions } from './options.js';
