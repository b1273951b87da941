/**
 * Chaining steps that are usually synchronous: a sync value goes straight to the next step, a
 * promise is awaited. It keeps a sync handler sync through the pipeline (no promise per request).
 */

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function'
  );
}

/** `next(value)` now if `value` is plain, after it settles if it is a promise; errors go to `fail`. */
export function chain<A, B>(
  value: A | PromiseLike<A>,
  next: (value: A) => B | PromiseLike<B>,
  fail: (error: unknown) => B | PromiseLike<B>,
): B | Promise<B> {
  if (isThenable(value)) return Promise.resolve(value).then(next).catch(fail);
  try {
    const out = next(value as A);
    return isThenable(out) ? Promise.resolve(out).catch(fail) : out;
  } catch (error) {
    const out = fail(error);
    return isThenable(out) ? Promise.resolve(out) : out;
  }
}
