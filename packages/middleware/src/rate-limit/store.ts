/**
 * What a rate-limit store does: count hits per key in aligned windows (window `n` covers
 * `[n * windowMs, (n + 1) * windowMs)`), and report the previous window's count too, so that a
 * sliding window can weigh it. Stores may answer synchronously (memory) or not (Redis).
 */

/** Hits of a key in its current window (this hit included) and in the previous one. */
export interface WindowHits {
  readonly current: number;
  readonly previous: number;
}

/** A place where hits are counted. */
export interface RateLimitStore {
  /** A short name for logs (`memory`, `redis`). */
  readonly name: string;
  /** Adds one hit to `key` in window `window` (of `windowMs`); returns the counts after it. */
  hit(key: string, window: number, windowMs: number): WindowHits | Promise<WindowHits>;
  /** Resolves once the store can count (awaited at start-up; a failure is logged, not fatal). */
  ready?(): Promise<void>;
  /** Releases timers and connections the store opened itself. */
  close?(): Promise<void> | void;
}
