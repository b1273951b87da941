/** Options of {@link compileCoercer} and of the `ormCoerce()` plugin, normalised and frozen once. */
export interface CoerceOptions {
  /**
   * How model keys map to column names. `'snake_case'` reads the model key `firstName` from the
   * column `first_name` (falling back to `firstName`, so rows already camelCased by Kysely's
   * CamelCasePlugin work too). Default `'preserve'`: the column is named like the key.
   */
  readonly columns?: 'preserve' | 'snake_case';
  /**
   * What a number means where the model expects a date (SQLite has no date type: `Date.now()`
   * stores milliseconds, `unixepoch()` seconds). Default `'milliseconds'`.
   */
  readonly epoch?: 'milliseconds' | 'seconds';
}

export interface NormalizedOptions {
  readonly columns: 'preserve' | 'snake_case';
  readonly epochScale: number;
}

/** Fills defaults and freezes the options. */
export function normalizeOptions(options: CoerceOptions = {}): NormalizedOptions {
  return Object.freeze({
    columns: options.columns ?? 'preserve',
    epochScale: options.epoch === 'seconds' ? 1000 : 1,
  });
}
