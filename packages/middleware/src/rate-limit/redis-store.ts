/**
 * The Redis store: counts shared by every process and machine that uses the same Redis, through
 * rate-limiter-flexible's atomic Redis counters (ioredis as the client). Each aligned window is one
 * key that lives two windows, so the previous window's count is still there for a sliding window.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { check } from '../errors.js';
import type { RateLimitStore, WindowHits } from './store.js';

/** Options of {@link RedisStore}. */
export interface RedisStoreOptions {
  /** `redis://host:port/db`; the store opens (and closes) its own client. */
  url?: string;
  /** Or a client you own (create it with `enableOfflineQueue: false`, so a lost Redis fails fast). */
  client?: Redis;
  /** Prefix of every key. Default `bolt:rl`. */
  prefix?: string;
  /** A Redis call that takes longer counts as failed (then `onStoreError` decides). Default 500 ms. */
  timeoutMs?: number;
}

/** The store timed out or Redis refused: the limiter then fails open or closed, as configured. */
export class RedisStoreUnavailable extends Error {
  override readonly name = 'RedisStoreUnavailable';
}

/**
 * Counts hits in Redis.
 *
 * @example
 * const store = new RedisStore({ url: process.env.REDIS_URL });
 * api.use(rateLimit({ limit: 5, windowMs: 60_000, store }));
 */
export class RedisStore implements RateLimitStore {
  readonly name = 'redis';
  readonly client: Redis;
  readonly #owned: boolean;
  readonly #prefix: string;
  readonly #timeoutMs: number;
  readonly #limiters = new Map<number, RateLimiterRedis>();
  #everReady = false;

  constructor(options: RedisStoreOptions) {
    check(
      Boolean(options.url) !== Boolean(options.client),
      'RedisStore',
      'url or client',
      'given, one of them',
    );
    this.#prefix = options.prefix ?? 'bolt:rl';
    this.#timeoutMs = options.timeoutMs ?? 500;
    this.#owned = options.client === undefined;
    const clientOptions: RedisOptions = {
      // Without a connection, a command fails at once instead of waiting in a queue.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      lazyConnect: false,
    };
    this.client = options.client ?? new Redis(options.url as string, clientOptions);
    // ioredis reconnects by itself; an 'error' listener keeps a lost Redis from crashing the process.
    if (this.#owned) this.client.on('error', () => {});
  }

  async hit(key: string, window: number, windowMs: number): Promise<WindowHits> {
    // Before the first connection, wait for it (within the timeout); after a loss, fail at once.
    if (!this.#everReady && this.client.status !== 'ready') await this.ready();
    const limiter = this.#limiter(windowMs);
    const full = `${key}:${window}`;
    const previous = `${key}:${window - 1}`;
    const work = Promise.all([limiter.consume(full, 1), limiter.get(previous)]);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new RedisStoreUnavailable(`Redis did not answer in ${this.#timeoutMs} ms`)),
        this.#timeoutMs,
      );
    });
    try {
      const [now, before] = await Promise.race([work, timeout]);
      return { current: now.consumedPoints, previous: before?.consumedPoints ?? 0 };
    } catch (error) {
      // Our points are unlimited: a RateLimiterRes rejection cannot happen; anything else is Redis.
      if (error instanceof RateLimiterRes) return { current: error.consumedPoints, previous: 0 };
      throw error instanceof RedisStoreUnavailable
        ? error
        : new RedisStoreUnavailable(String((error as Error)?.message ?? error));
    } finally {
      clearTimeout(timer);
      work.catch(() => {});
    }
  }

  /** Resolves once connected; rejects with RedisStoreUnavailable after the timeout. */
  async ready(): Promise<void> {
    if (this.client.status === 'ready') {
      this.#everReady = true;
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    let onReady: (() => void) | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        onReady = resolve;
        this.client.once('ready', onReady);
        timer = setTimeout(
          () => reject(new RedisStoreUnavailable(`Redis was not reachable within ${this.#timeoutMs} ms`)),
          this.#timeoutMs,
        );
      });
      this.#everReady = true;
    } finally {
      clearTimeout(timer);
      if (onReady) this.client.off('ready', onReady);
    }
  }

  async close(): Promise<void> {
    if (this.#owned) this.client.disconnect();
  }

  #limiter(windowMs: number): RateLimiterRedis {
    let limiter = this.#limiters.get(windowMs);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        storeClient: this.client,
        keyPrefix: `${this.#prefix}:${windowMs}`,
        // The limit is decided by the plugin (fixed or sliding); here it only counts.
        points: Number.MAX_SAFE_INTEGER,
        duration: Math.ceil((2 * windowMs) / 1000),
        rejectIfRedisNotReady: true,
      });
      this.#limiters.set(windowMs, limiter);
    }
    return limiter;
  }
}
