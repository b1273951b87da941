/**
 * How soon a crashed worker or process is started again: at once, unless it keeps crashing, then
 * with a growing delay so a broken app does not spin a core.
 */
import type { Logger } from '../log/logger.js';

/** Remembers recent crashes of one slot and says how long to wait before the next start. */
export class RestartPolicy {
  #crashes: number[] = [];

  /** Records a crash now; returns the delay in ms before restarting (0 for an occasional crash). */
  nextDelay(now = Date.now()): number {
    this.#crashes = this.#crashes.filter((t) => now - t < 10_000);
    this.#crashes.push(now);
    const recent = this.#crashes.length;
    return recent <= 3 ? 0 : Math.min(5_000, 250 * 2 ** (recent - 4));
  }
}

/**
 * Restarts the members of one pool (worker threads or processes), each slot with its own
 * {@link RestartPolicy}, until the pool closes; counts the restarts.
 */
export class RestartScheduler {
  readonly #log: Logger;
  readonly #kind: string;
  #closing = false;
  #restarts = 0;

  /** `kind` names the members in log lines: `worker`, `process`. */
  constructor(log: Logger, kind: string) {
    this.#log = log;
    this.#kind = kind;
  }

  /** How many members were started again. */
  get restarts(): number {
    return this.#restarts;
  }

  /** Cancels pending restarts and refuses new ones: the pool is shutting down. */
  close(): void {
    this.#closing = true;
  }

  /** Logs why a member exited and calls `start` after its slot's back-off, unless the pool closed. */
  schedule(policy: RestartPolicy, why: object, start: () => void): void {
    if (this.#closing) return;
    const delay = policy.nextDelay();
    this.#log.warn({ ...why, delayMs: delay }, `bolt: ${this.#kind} exited; restarting`);
    this.#restarts++;
    setTimeout(() => {
      if (!this.#closing) start();
    }, delay);
  }
}
