/**
 * Decimal text as PostgreSQL sends int8 and numeric (`'9007199254740991'`, `'-12.50'`, `'1e3'`).
 * Stricter than `Number()`, which also accepts `''`, `'  '`, `'0x1f'` and `'Infinity'`.
 */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number a decimal text stands for, or NaN when it is not one. */
export function parseDecimal(text: string): number {
  return DECIMAL.test(text) ? Number(text) : Number.NaN;
}
