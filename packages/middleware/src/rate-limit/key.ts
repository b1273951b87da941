/** Which requests share a count: the client address (default), a header, a dependency value, or a function. */
import type { HookRequest, PreHandlerContext } from '@bolt/core';
import { check } from '../errors.js';
import { clientAddress } from '../trust-proxy/client-info.js';

/** How the key of a request is found; `undefined` from any of them means "not limited". */
export type RateLimitKey =
  | 'ip'
  | { readonly header: string }
  | { readonly dependency: string; readonly pick?: (value: unknown) => string | undefined }
  | ((request: HookRequest) => string | undefined);

/** The key, resolved either before routing (onRequest) or once dependencies ran (preHandler). */
export type KeyReader =
  | { readonly phase: 'onRequest'; read(request: HookRequest): string | undefined }
  | { readonly phase: 'preHandler'; read(ctx: PreHandlerContext): string | undefined };

export function keyReader(key: RateLimitKey): KeyReader {
  if (key === 'ip') return { phase: 'onRequest', read: (request) => clientAddress(request) };
  if (typeof key === 'function') return { phase: 'onRequest', read: key };
  if ('header' in key) {
    check(
      typeof key.header === 'string' && key.header.length > 0,
      'rateLimit',
      'key.header',
      'a header name',
    );
    const name = key.header.toLowerCase();
    return { phase: 'onRequest', read: (request) => request.header(name) };
  }
  check(typeof key.dependency === 'string', 'rateLimit', 'key.dependency', 'the name of a route dependency');
  const pick =
    key.pick ?? ((value: unknown) => (value === undefined || value === null ? undefined : String(value)));
  return { phase: 'preHandler', read: (ctx) => pick(ctx.deps[key.dependency]) };
}
