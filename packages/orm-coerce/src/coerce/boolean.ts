import { type Coercer, withInline } from './coercer.js';
import { fail } from './failure.js';

/**
 * Booleans: PostgreSQL sends `true`/`false`; SQLite stores 0/1 (numbers, or bigints when the
 * driver uses safe integers), also inside JSON built by `json_object`; text forms come from casts.
 */
export function booleanCoercer(): Coercer {
  return withInline(
    coerceBoolean,
    (v, fallback) =>
      `(typeof ${v} === 'boolean' ? ${v} : ${v} === 1 ? true : ${v} === 0 ? false : ${fallback})`,
  );
}

function coerceBoolean(value: unknown): boolean {
  if (value === true || value === false) return value;
  if (value === 1) return true;
  if (value === 0) return false;
  return fromOther(value);
}

function fromOther(value: unknown): boolean {
  if (value === 1n) return true;
  if (value === 0n) return false;
  if (typeof value === 'string') {
    switch (value.toLowerCase()) {
      case 't':
      case 'true':
      case '1':
        return true;
      case 'f':
      case 'false':
      case '0':
        return false;
    }
  }
  return fail('boolean (true/false, 1/0)', value);
}
