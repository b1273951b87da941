/** A query that runs when asked: a Kysely select/insert/update/delete builder, or anything alike. */
export interface ExecutableQuery {
  execute(): PromiseLike<unknown>;
  /** Kysely builders have it: fetches at most one row (`undefined` when there is none). */
  executeTakeFirst?(): PromiseLike<unknown>;
}

/** True for values with an `execute()` method, such as Kysely query builders. */
export function isExecutable(value: unknown): value is ExecutableQuery {
  return (
    typeof value === 'object' && value !== null && typeof (value as ExecutableQuery).execute === 'function'
  );
}
