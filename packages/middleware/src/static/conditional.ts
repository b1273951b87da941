/** Validators (`etag`, `last-modified`) and the conditional-request decision (RFC 9110 13). */
import type { Stats } from 'node:fs';

/** A weak validator from size and modification time, as `send` does. */
export function etagOf(stats: Stats): string {
  return `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
}

function weakMatch(list: string, etag: string): boolean {
  const bare = etag.replace(/^W\//, '');
  return list.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === bare;
  });
}

/** True when the client's copy is current: 304. `if-none-match` wins over `if-modified-since`. */
export function isNotModified(
  header: (name: string) => string | undefined,
  etag: string,
  mtimeMs: number,
): boolean {
  const noneMatch = header('if-none-match');
  if (noneMatch !== undefined) return weakMatch(noneMatch, etag);
  const since = header('if-modified-since');
  if (since === undefined) return false;
  const date = Date.parse(since);
  // HTTP dates have whole seconds: compare the file's time at that precision.
  return Number.isFinite(date) && Math.floor(mtimeMs / 1000) * 1000 <= date;
}

/** True when `if-range` (an etag or a date) still names this version, so the range applies. */
export function ifRangeHolds(value: string | undefined, mtimeMs: number): boolean {
  if (value === undefined) return true;
  const v = value.trim();
  // A weak etag never satisfies if-range (strong comparison); ours are weak, so only dates can.
  if (v.startsWith('"') || v.startsWith('W/')) return false;
  const date = Date.parse(v);
  return Number.isFinite(date) && Math.floor(mtimeMs / 1000) * 1000 <= date;
}
