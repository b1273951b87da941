import { type Coercer, withInline } from './coercer.js';
import { fail } from './failure.js';
import { parseDecimal } from './numeric-text.js';

/**
 * Integers: numbers pass; PostgreSQL int8 (bigint, count(*)) and numeric arrive as text and
 * bigints come from drivers in safe-integer mode. A value beyond 2^53 cannot be a JSON-safe
 * number: it fails rather than being rounded (declare the field as a string instead).
 */
export function integerCoercer(): Coercer {
  // Inline: 32-bit integers (ids, counts) pass; the rest goes through the full check.
  return withInline(
    coerceInteger,
    (v, fallback) => `(typeof ${v} === 'number' && (${v} | 0) === ${v} ? ${v} : ${fallback})`,
  );
}

function coerceInteger(value: unknown): number {
  // An unsafe integer may already be rounded (better-sqlite3 returns 2^53 + 1 as 2^53): refuse it.
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  return fromOther(value);
}

function fromOther(value: unknown): number {
  let n = Number.NaN;
  if (typeof value === 'string') n = parseDecimal(value);
  else if (typeof value === 'bigint' && value <= Number.MAX_SAFE_INTEGER && value >= -Number.MAX_SAFE_INTEGER)
    n = Number(value);
  if (Number.isSafeInteger(n)) return n;
  return fail('integer within +-2^53 (declare t.String() for larger int8 values)', value);
}
