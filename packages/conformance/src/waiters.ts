/**
 * Promises that resolve when a condition holds, re-checked on every `wake()` (new bytes, a close),
 * or when a deadline passes: how the raw HTTP and WebSocket clients of the cases wait for the server.
 */
export class Waiters {
  readonly #checks = new Set<() => void>();

  /** Re-checks every pending condition (call it when state changed). */
  wake(): void {
    for (const check of this.#checks) check();
  }

  /** Resolves once `done()` is true, or after `timeoutMs`; the caller reads the outcome itself. */
  until(done: () => boolean, timeoutMs: number): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.#checks.delete(check);
        resolve();
      };
      const check = () => {
        if (done()) finish();
      };
      const timer = setTimeout(finish, timeoutMs);
      this.#checks.add(check);
    });
  }
}
