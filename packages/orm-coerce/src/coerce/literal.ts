import type { TSchema } from '@sinclair/typebox';
import { booleanCoercer } from './boolean.js';
import type { Coercer } from './coercer.js';
import { fail } from './failure.js';
import { numberCoercer } from './number.js';

/**
 * Literals (and enums, which TypeBox builds as unions of literals): the value must equal the
 * constant once read the way the database writes that type, so a SQLite `1` matches
 * `t.Literal(true)` and pg's int8 text `'2'` matches `t.Literal(2)`.
 */
export function literalCoercer(schema: TSchema): Coercer {
  const constant: unknown = schema.const;
  const expected = `literal ${JSON.stringify(constant)}`;
  const read =
    typeof constant === 'boolean'
      ? booleanCoercer()
      : typeof constant === 'number'
        ? numberCoercer()
        : undefined;
  return (value) => {
    if (value === constant) return constant;
    if (read !== undefined) {
      try {
        if (read(value) === constant) return constant;
      } catch {
        // Not even the literal's type: reported below as the literal.
      }
    }
    return fail(expected, value);
  };
}
