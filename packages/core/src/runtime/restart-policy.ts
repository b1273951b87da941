/**
 * How soon a crashed worker or process is started again: at once, unless it keeps crashing, then
 * with a growing delay so a broken app does not spin a core.
 */

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
