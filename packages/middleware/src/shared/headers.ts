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

/** Adds `token` to a `vary` header, or a new `vary`, unless it is already there (or `*`). */
export function varyOn(headers: string[], token: string): void {
  for (let i = 0; i < headers.length; i += 2) {
    if (headers[i] !== 'vary') continue;
    const value = headers[i + 1] ?? '';
    const tokens = value.split(',').map((v) => v.trim().toLowerCase());
    if (tokens.includes('*') || tokens.includes(token.toLowerCase())) return;
    headers[i + 1] = value ? `${value}, ${token}` : token;
    return;
  }
  headers.push('vary', token);
}
