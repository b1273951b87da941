/**
 * rateLimit: at most `limit` requests per `windowMs` per key (the client address by default), in
 * a fixed or a sliding window, app-wide (`api.use`) or per route (`...limiter.hooks` in route
 * options). Over the limit: 429 with `retry-after` and the IETF `ratelimit-*` headers. The memory
 * store counts in this process (on the Rust engine, in Rust); the Redis store is shared.
 */
import {
  type BoltPlugin,
  type HookRequest,
  HTTPError,
  type OnRequestHook,
  type OnSendHook,
  type PreHandlerHook,
} from '@bolt/core';
import { check } from '../errors.js';
import { keyReader, type RateLimitKey } from './key.js';
import { MemoryStore } from './memory-store.js';
import type { RateLimitStore, WindowHits } from './store.js';

export type { RateLimitKey } from './key.js';
export { MemoryStore } from './memory-store.js';
export { RedisStore, type RedisStoreOptions, RedisStoreUnavailable } from './redis-store.js';
export type { RateLimitStore, WindowHits } from './store.js';

/** Options of {@link rateLimit}. */
export interface RateLimitOptions {
  /** Requests allowed per window and key. Required. */
  limit: number;
  /** Window length in ms. Required (the Redis store needs whole seconds). */
  windowMs: number;
  /**
   * `fixed`: counts reset at each window boundary. `sliding`: the previous window's count is
   * weighed by how much of it still overlaps the last `windowMs` (no burst of 2 x limit across a
   * boundary). Default `fixed`.
   */
  algorithm?: 'fixed' | 'sliding';
  /** What requests share a count. Default `'ip'` (the client address, through `trustProxy` when on). */
  key?: RateLimitKey;
  /** Where counts live. Default a new {@link MemoryStore}. */
  store?: RateLimitStore;
  /** Requests that are never counted (health checks, say). Default none. */
  skip?: (request: HookRequest) => boolean;
  /** Send `ratelimit-*` headers on answers that were counted, not only on 429s. Default true. */
  headers?: boolean;
  /**
   * When the store fails (Redis down or slow): `open` lets the request through (and logs a
   * warning), `closed` answers 503. Default `open`: an outage of the limiter is not an outage of the API.
   */
  onStoreError?: 'open' | 'closed';
  /** Name of the policy in `ratelimit-policy`. Default none. */
  policyName?: string;
}

/** The limiter as data: what an engine that counts in memory itself needs. */
export interface RateLimitConfig {
  readonly limit: number;
  readonly windowMs: number;
  readonly algorithm: 'fixed' | 'sliding';
  /** `{ kind: 'ip' }` or `{ kind: 'header', name }`. */
  readonly key: { readonly kind: 'ip' } | { readonly kind: 'header'; readonly name: string };
  readonly headers: boolean;
  /** The `ratelimit-policy` value. */
  readonly policy: string;
}

/** A rate limiter: the plugin (app-wide), and the same limiter's hooks for one route. */
export interface RateLimiter extends BoltPlugin {
  /** Spread into route options to limit one route: `api.get('/x', { ...limiter.hooks }, h)`. */
  readonly hooks: { onRequest?: OnRequestHook; preHandler?: PreHandlerHook; onSend: OnSendHook };
  /** The limiter's store. */
  readonly store: RateLimitStore;
}

interface Decision {
  readonly remaining: string;
  readonly reset: string;
}

/** Seconds until the current window ends, at least 1. */
function resetSeconds(window: number, windowMs: number, now: number): number {
  return Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000));
}

/**
 * Limits requests per key.
 *
 * @example
 * // app-wide, 100 per minute per client:
 * const api = new BoltAPI({ plugins: [rateLimit({ limit: 100, windowMs: 60_000 })] });
 * // one route, 5 per minute per client, shared by every process through Redis:
 * const limited = rateLimit({ limit: 5, windowMs: 60_000, store: new RedisStore({ url: process.env.REDIS_URL }) });
 * api.get('/limited', { ...limited.hooks }, () => ({ ok: true }));
 * // 6th request in the window -> 429 {"detail":"Too Many Requests"}, retry-after: 42,
 * //   ratelimit-limit: 5, ratelimit-remaining: 0, ratelimit-reset: 42, ratelimit-policy: 5;w=60
 */
export function rateLimit(options: RateLimitOptions): RateLimiter {
  const { limit, windowMs } = options;
  check(Number.isInteger(limit) && limit >= 1, 'rateLimit', 'limit', 'an integer of at least 1');
  check(
    Number.isInteger(windowMs) && windowMs >= 1,
    'rateLimit',
    'windowMs',
    'a whole number of milliseconds',
  );
  const algorithm = options.algorithm ?? 'fixed';
  check(algorithm === 'fixed' || algorithm === 'sliding', 'rateLimit', 'algorithm', "'fixed' or 'sliding'");
  const store: RateLimitStore = options.store ?? new MemoryStore();
  if (store.name === 'redis')
    check(windowMs % 1000 === 0, 'rateLimit', 'windowMs', 'whole seconds with the Redis store');
  const failClosed = (options.onStoreError ?? 'open') === 'closed';
  const sendHeaders = options.headers ?? true;
  const skip = options.skip;
  const key = options.key ?? 'ip';
  const reader = keyReader(key);
  // Per limiter: two limiters on one route (the app's and a sub-API's) each add their own headers.
  const DECIDED = Symbol('bolt.middleware.rate-limit');
  const policy = `${limit};w=${Math.ceil(windowMs / 1000)}${options.policyName ? `;name="${options.policyName}"` : ''}`;

  const limitText = String(limit);
  // One array literal per answer: this runs on every counted request.
  const headersOf = (decided: Decision): string[] => [
    'ratelimit-limit',
    limitText,
    'ratelimit-remaining',
    decided.remaining,
    'ratelimit-reset',
    decided.reset,
    'ratelimit-policy',
    policy,
  ];

  const decide = (request: HookRequest, hits: WindowHits, window: number, now: number): undefined => {
    const elapsed = (now - window * windowMs) / windowMs;
    const count = algorithm === 'fixed' ? hits.current : hits.current + hits.previous * (1 - elapsed);
    const decided: Decision = {
      remaining: String(Math.max(0, Math.floor(limit - count))),
      reset: String(resetSeconds(window, windowMs, now)),
    };
    if (count > limit) {
      throw new HTTPError(429, undefined, { 'retry-after': decided.reset, ...pairs(headersOf(decided)) });
    }
    // Only the two changing values are kept; onSend writes the headers once the answer exists.
    if (sendHeaders) (request.state as Record<symbol, Decision>)[DECIDED] = decided;
    return undefined;
  };

  const storeFailed = (request: HookRequest, error: unknown): undefined => {
    request.log.warn(
      { err: error, store: store.name },
      `rate limit store failed; failing ${failClosed ? 'closed' : 'open'}`,
    );
    if (failClosed) throw new HTTPError(503);
    return undefined;
  };

  const count = (request: HookRequest, id: string | undefined): Promise<undefined> | undefined => {
    if (id === undefined || skip?.(request)) return undefined;
    const now = Date.now();
    const window = Math.floor(now / windowMs);
    let hits: ReturnType<RateLimitStore['hit']>;
    try {
      hits = store.hit(id, window, windowMs);
    } catch (error) {
      return storeFailed(request, error);
    }
    if (hits instanceof Promise) {
      return hits.then(
        (h) => decide(request, h, window, now),
        (error: unknown) => storeFailed(request, error),
      );
    }
    return decide(request, hits, window, now);
  };

  const onSend: OnSendHook = (request, response) => {
    if (!sendHeaders) return;
    const decided = (request.state as Record<symbol, Decision | undefined>)[DECIDED];
    if (decided) {
      return {
        status: response.status,
        headers: response.headers.concat(headersOf(decided)),
        body: response.body,
        finished: response.finished,
      };
    }
  };
  const hooks: RateLimiter['hooks'] =
    reader.phase === 'onRequest'
      ? { onRequest: (request) => count(request, reader.read(request)), onSend }
      : { preHandler: (ctx) => count(ctx.request, reader.read(ctx)), onSend };

  const config = nativeConfig(options, key, store, {
    limit,
    windowMs,
    algorithm,
    headers: sendHeaders,
    policy,
  });
  return {
    name: 'rate-limit',
    ...(config
      ? { native: { kind: 'rate-limit', config: config as unknown as Record<string, unknown> } }
      : {}),
    hooks,
    store,
    register(api) {
      if (hooks.onRequest) api.addHook('onRequest', hooks.onRequest);
      if (hooks.preHandler) api.addHook('preHandler', hooks.preHandler);
      api.addHook('onSend', onSend);
      // A store that is down at start-up must not stop the server: the fail-open/closed choice holds.
      api.onStartup(() => store.ready?.().catch((error: unknown) => logStartup(error, store)));
      api.onShutdown(() => store.close?.());
    },
  };
}

function logStartup(error: unknown, store: RateLimitStore): void {
  process.emitWarning(
    `rate limit store "${store.name}" not reachable at start-up: ${(error as Error)?.message ?? error}`,
  );
}

function pairs(flat: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < flat.length; i += 2) out[flat[i] as string] = flat[i + 1] as string;
  return out;
}

/** The data form, when an engine could run this limiter alone: memory store, ip or header key, no skip. */
function nativeConfig(
  options: RateLimitOptions,
  key: RateLimitKey,
  store: RateLimitStore,
  base: Omit<RateLimitConfig, 'key'>,
): RateLimitConfig | undefined {
  if (!(store instanceof MemoryStore) || options.skip || options.onStoreError === 'closed') return undefined;
  if (key === 'ip') return Object.freeze({ ...base, key: { kind: 'ip' as const } });
  if (typeof key === 'object' && 'header' in key)
    return Object.freeze({ ...base, key: { kind: 'header' as const, name: key.header.toLowerCase() } });
  return undefined;
}
