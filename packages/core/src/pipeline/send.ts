/**
 * The end of every exchange that has hooks: `onSend` hooks may replace the response (error answers
 * included), and when anything must run after the write (`onResponse` hooks, dependency cleanups),
 * the response carries `finished`, which the engine calls once the last byte left or the client went away.
 */
import type { ErrorAnswers } from '../http/error-format.js';
import type { Logger } from '../log/logger.js';
import type { BoltResponse } from '../transport/contract.js';
import type { OnResponseHook, OnSendHook } from './hook-types.js';
import { isThenable } from './maybe-async.js';
import type { RequestScope } from './request-scope.js';

export type Send = (scope: RequestScope, response: BoltResponse) => BoltResponse | Promise<BoltResponse>;

function logFailure(logger: Logger, error: unknown, what: string): void {
  logger.error({ err: error }, `${what} failed; the response was already decided`);
}

function runAfterwards(
  scope: RequestScope,
  onResponse: readonly OnResponseHook[],
  status: number,
  aborted: boolean,
  logger: Logger,
): void {
  const cleanups = scope.cleanups;
  if (cleanups) {
    for (let i = cleanups.length - 1; i >= 0; i--) {
      try {
        const out = (cleanups[i] as () => unknown)();
        if (isThenable(out)) Promise.resolve(out).catch((e) => logFailure(logger, e, 'A dependency cleanup'));
      } catch (error) {
        logFailure(logger, error, 'A dependency cleanup');
      }
    }
  }
  if (onResponse.length === 0) return;
  const outcome = { status, aborted, durationMs: performance.now() - scope.startedAt };
  for (const hook of onResponse) {
    try {
      const out = hook(scope, outcome);
      if (isThenable(out)) Promise.resolve(out).catch((e) => logFailure(logger, e, 'An onResponse hook'));
    } catch (error) {
      logFailure(logger, error, 'An onResponse hook');
    }
  }
}

/**
 * An onSend hook that rebuilt the 101 answer of a WebSocket upgrade (to add a header) keeps its
 * session: hooks change the head, the handshake stays core's.
 */
function keepUpgrade(before: BoltResponse, after: BoltResponse): BoltResponse {
  return before.upgrade && !after.upgrade && after.status === 101
    ? { ...after, upgrade: before.upgrade }
    : after;
}

function withFinished(
  scope: RequestScope,
  response: BoltResponse,
  onResponse: readonly OnResponseHook[],
  logger: Logger,
): BoltResponse {
  if (onResponse.length === 0 && !scope.cleanups) return response;
  let done = false;
  const finished = (aborted: boolean) => {
    if (done) return;
    done = true;
    runAfterwards(scope, onResponse, response.status, aborted, logger);
  };
  const { status, headers, body, upgrade } = response;
  return upgrade ? { status, headers, body, finished, upgrade } : { status, headers, body, finished };
}

/** Compiles the send phase for a stack of hooks. */
export function compileSend(
  onSend: readonly OnSendHook[],
  onResponse: readonly OnResponseHook[],
  logger: Logger,
  answers: ErrorAnswers,
): Send {
  const failed = (scope: RequestScope, error: unknown) => {
    scope.log.error({ err: error }, 'An onSend hook threw; answering 500');
    return withFinished(scope, answers.fixed(500), onResponse, logger);
  };
  const step = (
    scope: RequestScope,
    response: BoltResponse,
    i: number,
  ): BoltResponse | Promise<BoltResponse> => {
    let current = response;
    for (; i < onSend.length; i++) {
      let out: ReturnType<OnSendHook>;
      try {
        out = (onSend[i] as OnSendHook)(scope, current);
      } catch (error) {
        return failed(scope, error);
      }
      if (isThenable(out)) {
        const next = i + 1;
        const base = current;
        return Promise.resolve(out).then(
          (changed) => step(scope, changed ? keepUpgrade(base, changed) : base, next),
          (error) => failed(scope, error),
        );
      }
      if (out) current = keepUpgrade(current, out);
    }
    return withFinished(scope, current, onResponse, logger);
  };
  return (scope, response) => step(scope, response, 0);
}
