/**
 * Errors thrown by a hook, a dependency or the handler: the nearest `api.onError(Class, handler)`
 * whose class matches (the route's API first, then outwards), then `onError` hooks in order; what
 * none of them takes is Bolt's default (HTTPError's own status, else a logged 500 without internals).
 */
import { errorToResponse } from '../compile/error-to-response.js';
import type { ErrorAnswers } from '../http/error-format.js';
import type { Logger } from '../log/logger.js';
import type { BoltResponse } from '../transport/contract.js';
import type { ErrorHandlerEntry } from './hook-set.js';
import type { EarlyAnswer, OnErrorHook } from './hook-types.js';
import { isThenable } from './maybe-async.js';
import type { RequestScope } from './request-scope.js';

export type ErrorStep = (error: unknown, scope: RequestScope) => BoltResponse | Promise<BoltResponse>;
export type AnswerEncoder = (answer: NonNullable<EarlyAnswer>) => BoltResponse | Promise<BoltResponse>;

export function compileErrorStep(
  handlers: readonly ErrorHandlerEntry[],
  onError: readonly OnErrorHook[],
  encode: AnswerEncoder,
  logger: Logger,
  where: string,
  answers: ErrorAnswers,
): ErrorStep {
  const fallback = (error: unknown) => errorToResponse(error, logger, where, answers);
  const encodeOr = (answer: EarlyAnswer, next: () => BoltResponse | Promise<BoltResponse>) =>
    answer ? encode(answer) : next();

  const hooksFrom = (
    error: unknown,
    scope: RequestScope,
    i: number,
  ): BoltResponse | Promise<BoltResponse> => {
    for (; i < onError.length; i++) {
      const out = (onError[i] as OnErrorHook)(error, scope);
      if (isThenable(out)) {
        const next = i + 1;
        return Promise.resolve(out).then((answer) => encodeOr(answer, () => hooksFrom(error, scope, next)));
      }
      if (out) return encode(out);
    }
    return fallback(error);
  };

  return (error, scope) => {
    try {
      const entry = handlers.find((h) => error instanceof h.type);
      if (entry) {
        const out = entry.handler(error, scope);
        return isThenable(out) ? Promise.resolve(out).then(encode).catch(fallback) : encode(out);
      }
      const out = hooksFrom(error, scope, 0);
      return isThenable(out) ? Promise.resolve(out).catch(fallback) : out;
    } catch (failure) {
      return fallback(failure);
    }
  };
}
