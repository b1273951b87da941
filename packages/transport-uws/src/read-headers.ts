/**
 * Copies a uWS request's headers out synchronously (the request is invalid after the callback)
 * and measures them, so oversized headers get a 431 like Node's 16 KiB limit gives.
 */
import type { HttpRequest } from '@trufflesuite/uws-js-unofficial';

// One shared collector instead of a closure per request: forEach calls it synchronously. Between
// calls `target` points at a placeholder, so no request's headers are retained and none allocated.
const DETACHED: Record<string, string | undefined> = {};
let target = DETACHED;
let size = 0;

function collect(name: string, value: string): void {
  size += name.length + value.length + 4; // "name: value\r\n" minus one, as on the wire
  const previous = target[name];
  // `typeof` rather than `=== undefined`: a header named `constructor` must not join onto Object's.
  target[name] = typeof previous === 'string' ? previous + (name === 'cookie' ? '; ' : ', ') + value : value;
}

/**
 * Every header (lower-case names, repeats joined), or `undefined` when the request line plus
 * headers exceed `limit` bytes.
 */
export function readHeaders(
  req: HttpRequest,
  requestLineSize: number,
  limit: number,
): Record<string, string | undefined> | undefined {
  const headers: Record<string, string | undefined> = {};
  target = headers;
  size = requestLineSize;
  req.forEach(collect);
  target = DETACHED;
  return size > limit ? undefined : headers;
}
