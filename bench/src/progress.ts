/** Progress lines while the table runs: which row, which run, and the time left. */

export class Progress {
  readonly #startedAt = Date.now();
  readonly #write: (line: string) => void;
  #plannedS: number;
  #doneS = 0;

  /** `plannedS`: the estimated seconds of the whole run, adjusted as steps finish or are skipped. */
  constructor(plannedS: number, write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {
    this.#plannedS = plannedS;
    this.#write = write;
  }

  /** Prints a line prefixed with the elapsed time and the time left. */
  say(message: string): void {
    const elapsed = (Date.now() - this.#startedAt) / 1000;
    const left = Math.max(0, this.#plannedS - this.#doneS);
    this.#write(`[${clock(elapsed)} elapsed, ~${clock(left)} left] ${message}`);
  }

  /** A planned step took place (or will not): `seconds` of the plan are behind us. */
  advance(seconds: number): void {
    this.#doneS += seconds;
  }
}

/** `75` -> `1m15s`. */
export function clock(seconds: number): string {
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
