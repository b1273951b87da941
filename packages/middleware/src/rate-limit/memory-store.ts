/**
 * The in-memory store: counts live in this process (each worker thread has its own), synchronous
 * so a sync route stays sync. Entries older than the previous window are swept once per window.
 */
import type { RateLimitStore, WindowHits } from './store.js';

interface Entry {
  window: number;
  current: number;
  previous: number;
}

/**
 * Counts per key in this process.
 *
 * @example
 * rateLimit({ limit: 100, windowMs: 60_000, store: new MemoryStore() }); // the default store
 */
export class MemoryStore implements RateLimitStore {
  readonly name = 'memory';
  readonly #entries = new Map<string, Entry>();
  #sweeper: NodeJS.Timeout | undefined;

  hit(key: string, window: number, windowMs: number): WindowHits {
    this.#sweeper ??= this.#startSweeping(windowMs);
    const entry = this.#entries.get(key);
    if (entry === undefined) {
      this.#entries.set(key, { window, current: 1, previous: 0 });
      return { current: 1, previous: 0 };
    }
    if (entry.window !== window) {
      entry.previous = entry.window === window - 1 ? entry.current : 0;
      entry.current = 0;
      entry.window = window;
    }
    entry.current++;
    return { current: entry.current, previous: entry.previous };
  }

  /** How many keys are held (for tests and metrics). */
  get size(): number {
    return this.#entries.size;
  }

  close(): void {
    if (this.#sweeper) clearInterval(this.#sweeper);
    this.#sweeper = undefined;
    this.#entries.clear();
  }

  #startSweeping(windowMs: number): NodeJS.Timeout {
    const timer = setInterval(() => {
      const now = Math.floor(Date.now() / windowMs);
      for (const [key, entry] of this.#entries) if (entry.window < now - 1) this.#entries.delete(key);
    }, windowMs);
    timer.unref();
    return timer;
  }
}
