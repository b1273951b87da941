/**
 * Decimal text as PostgreSQL sends int8 and numeric (`'9007199254740991'`, `'-12.50'`, `'1e3'`).
 * Stricter than `Number()`, which also reads `''` and `'  '` as 0 and `'0x1f'` as 31: `Number()`
 * does the parsing (fast), and the ends of the text are checked so only decimal forms pass.
 * 'Infinity' and 'NaN' come back as non-finite numbers, which callers refuse.
 */
export function parseDecimal(text: string): number {
  const length = text.length;
  if (length === 0) return Number.NaN;
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(length - 1);
  // First: digit, sign or dot. Last: digit or dot. No radix prefix (0x, 0b, 0o).
  if (!(isDigit(first) || first === 45 || first === 43 || first === 46)) return Number.NaN;
  if (!(isDigit(last) || last === 46)) return Number.NaN;
  if (length > 1 && first === 48 && !isDigit(text.charCodeAt(1)) && text.charCodeAt(1) !== 46) {
    const second = text.charCodeAt(1) | 32;
    if (second === 120 || second === 98 || second === 111) return Number.NaN;
  }
  return Number(text);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
