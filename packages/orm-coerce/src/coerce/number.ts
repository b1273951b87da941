import { type Coercer, withInline } from './coercer.js';
import { fail } from './failure.js';
import { parseDecimal } from './numeric-text.js';

/**
 * Numbers: JavaScript numbers pass; PostgreSQL numeric/decimal and int8 arrive as text, bigints
 * from safe-integer drivers. NaN and infinities (PostgreSQL's 'NaN', 'Infinity') fail: JSON has
 * no way to say them.
 */
export function numberCoercer(): Coercer {
  // Inline: `x - x === 0` holds for finite numbers only (NaN and infinities give NaN).
  return withInline(
    coerceNumber,
    (v, fallback) => `(typeof ${v} === 'number' && ${v} - ${v} === 0 ? ${v} : ${fallback})`,
  );
}

function coerceNumber(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return fromOther(value);
}

function fromOther(value: unknown): number {
  let n = Number.NaN;
  if (typeof value === 'string') n = parseDecimal(value);
  else if (typeof value === 'bigint') {
    n = Number(value);
    if (BigInt(n) !== value) n = Number.NaN;
  }
  if (Number.isFinite(n)) return n;
  return fail('finite number', value);
}
