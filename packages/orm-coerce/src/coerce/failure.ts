/**
 * The internal signal a coercer throws when a value cannot become its type. It carries no field
 * path when thrown: object and array coercers prepend their key or index while it bubbles up, so
 * the fast path does no bookkeeping at all.
 */
export class CoercionFailure {
  readonly path: Array<string | number> = [];
  row: unknown;

  constructor(
    readonly expected: string,
    readonly value: unknown,
  ) {}
}

/** Throws a {@link CoercionFailure}; typed `never` so coercers can `return fail(...)`. */
export function fail(expected: string, value: unknown): never {
  throw new CoercionFailure(expected, value);
}
