/**
 * Counts requests a server has started and not finished, so a graceful close can wait for them.
 */

/**
 * A counter of in-flight requests with a way to wait until none are left.
 *
 * @example
 * const inFlight = new InFlight();
 * inFlight.begin(); ... inFlight.end();
 * const drained = await inFlight.idle(10_000); // false when the grace period ran out first
 */
export class InFlight {
  #count = 0;
  #waiters: Array<() => void> = [];

  /** Requests started and not yet answered or aborted. */
  get size(): number {
    return this.#count;
  }

  begin(): void {
    this.#count++;
  }

  end(): void {
    if (--this.#count > 0) return;
    this.#count = 0;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves `true` once no request is in flight, or `false` after `timeoutMs`. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.#count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.#waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
