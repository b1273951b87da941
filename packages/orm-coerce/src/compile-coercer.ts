import type { Static, TSchema } from '@sinclair/typebox';
import { CoercionFailure } from './coerce/failure.js';
import { fromSchema } from './coerce/from-schema.js';
import { CoercionError } from './errors.js';
import { type CoerceOptions, normalizeOptions } from './options.js';

/** A compiled coercer: database value in, model value out, or a {@link CoercionError}. */
export type RowCoercer<T extends TSchema> = (value: unknown) => Static<T>;

/**
 * Compiles once, from a TypeBox model, a function that turns what a Kysely dialect returns into
 * exactly that model: SQLite 0/1 into booleans, pg int8/numeric text into numbers, timestamps
 * into ISO strings or Dates, JSON text into nested objects and arrays, NULLs checked, extra
 * columns dropped, snake_case columns into camelCase keys when `columns: 'snake_case'`.
 *
 * @throws {UnsupportedSchemaError} at compile time for a kind rows cannot become (e.g. Record).
 * @example
 * const User = t.Object({ id: t.Integer(), isActive: t.Boolean() });
 * const toUsers = compileCoercer(t.Array(User), { columns: 'snake_case' });
 * toUsers([{ id: 1, is_active: 1, password: 'x' }]); // [{ id: 1, isActive: true }]
 * toUsers([{ id: 'one', is_active: 1 }]);            // throws CoercionError: field $[0].id ...
 */
export function compileCoercer<T extends TSchema>(schema: T, options?: CoerceOptions): RowCoercer<T> {
  const coerce = fromSchema(schema, normalizeOptions(options));
  return (value) => {
    try {
      return coerce(value) as Static<T>;
    } catch (error) {
      if (!(error instanceof CoercionFailure)) throw error;
      throw new CoercionError({
        path: error.path,
        expected: error.expected,
        value: error.value,
        row: error.row === undefined ? value : error.row,
      });
    }
  };
}
