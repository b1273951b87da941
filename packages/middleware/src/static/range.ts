/** One byte range from a `range` header (RFC 9110 14.2), for a representation of `size` bytes. */

/** A satisfiable range (inclusive ends), `unsatisfiable` (416), or `ignore` (serve the whole file). */
export type RangeDecision = { readonly start: number; readonly end: number } | 'unsatisfiable' | 'ignore';

export function parseRange(header: string, size: number): RangeDecision {
  const match = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!match) return 'ignore';
  const specs = (match[1] as string)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // Several ranges would need multipart/byteranges; like most servers, send the whole file.
  if (specs.length !== 1) return 'ignore';
  const spec = /^(\d*)-(\d*)$/.exec(specs[0] as string);
  if (!spec) return 'ignore';
  const [, a = '', b = ''] = spec;
  if (a === '' && b === '') return 'ignore';
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(a);
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (b !== '' && Number(b) < start) return 'ignore';
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}
