import type { TSchema } from '@sinclair/typebox';
import type { NormalizedOptions } from '../options.js';

/** Turns one database value (or a value a handler built) into the model's value, or throws a failure. */
export type Coercer = ((value: unknown) => unknown) & {
  /**
   * The common cases as a JavaScript expression, for the generated object coercer to inline
   * instead of a call per field: `value` is a variable name, `fallback` the call that handles
   * everything else (`c3(v3)`). Optional; it must give the same result as the function.
   */
  inline?: (value: string, fallback: string) => string;
  /**
   * Coerces a whole list of such values in one generated loop, with no call per item (objects
   * provide it for arrays of rows). It reports no index on failure: the caller finds it.
   */
  many?: (list: ReadonlyArray<unknown>) => unknown[];
};

/** Attaches an inline form to a coercer. */
export function withInline(coercer: (value: unknown) => unknown, inline: Coercer['inline']): Coercer {
  return Object.assign(coercer, { inline });
}

/** What a per-kind builder receives: the schema, the options, and how to build its children. */
export interface BuildContext {
  readonly options: NormalizedOptions;
  /** Where in the model this schema sits, for startup errors. */
  readonly path: ReadonlyArray<string | number>;
  /** Builds the coercer of a child schema (the dispatcher). */
  readonly build: (schema: TSchema, path: ReadonlyArray<string | number>) => Coercer;
}
