/** Small helpers over BoltResponse's flat `[name, value, ...]` header list. */
import type { BoltResponse } from '@bolt/core/transport';

/** The first value of `name` (lower case) in a flat header list. */
export function headerOf(headers: readonly string[], name: string): string | undefined {
  for (let i = 0; i < headers.length; i += 2) if (headers[i] === name) return headers[i + 1];
  return undefined;
}

/** `response` with `extra` appended to its headers (status, body and `finished` kept). */
export function withHeaders(response: BoltResponse, extra: readonly string[]): BoltResponse {
  if (extra.length === 0) return response;
  return { ...response, headers: [...response.headers, ...extra] };
}

/** Whether a `vary` value already covers `token` (lower case): it lists it, or `*`. */
function varies(value: string, token: string): boolean {
  const lower = value.toLowerCase();
  // Most values do not mention the token at all: no split needed to say so.
  if (!lower.includes(token) && !lower.includes('*')) return false;
  const tokens = lower.split(',').map((v) => v.trim());
  return tokens.includes('*') || tokens.includes(token);
}

/** Adds `token` to a `vary` header, or a new `vary`, unless it is already there (or `*`). */
export function varyOn(headers: string[], token: string): void {
  const lower = token.toLowerCase();
  for (let i = 0; i < headers.length; i += 2) {
    if (headers[i] !== 'vary') continue;
    const value = headers[i + 1] ?? '';
    if (varies(value, lower)) return;
    headers[i + 1] = value ? `${value}, ${token}` : token;
    return;
  }
  headers.push('vary', token);
}

/**
 * A copy of `headers` that varies on `token` (see {@link varyOn}). Without a `vary` header yet, one
 * `concat` of a constant pair: the hooks that call it run on every answer.
 */
export function withVary(headers: readonly string[], varyPair: readonly [string, string]): string[] {
  for (let i = 0; i < headers.length; i += 2) {
    if (headers[i] === 'vary') {
      const copy = headers.slice();
      varyOn(copy, varyPair[1]);
      return copy;
    }
  }
  return headers.concat(varyPair);
}
