import type { TSchema } from '@sinclair/typebox';
import type { NormalizedOptions } from '../options.js';

/** Turns one database value (or a value a handler built) into the model's value, or throws a failure. */
export type Coercer = (value: unknown) => unknown;

/** What a per-kind builder receives: the schema, the options, and how to build its children. */
export interface BuildContext {
  readonly options: NormalizedOptions;
  /** Where in the model this schema sits, for startup errors. */
  readonly path: ReadonlyArray<string | number>;
  /** Builds the coercer of a child schema (the dispatcher). */
  readonly build: (schema: TSchema, path: ReadonlyArray<string | number>) => Coercer;
}
