/**
 * A route's `run` when it has hooks or dependencies: onRequest -> bind -> dependencies ->
 * preHandler -> handler -> encode, with every error through the error step and every answer
 * (early, refused, failed or successful) through the send phase. Each step continues
 * synchronously when the previous one was synchronous.
 */

import type { RequestBinder } from '../compile/bind-request.js';
import type { ResultEncoder } from '../compile/compile-encoder.js';
import { RequestContext } from '../compile/request-context.js';
import type { BoltResponse, RawRequest } from '../transport/contract.js';
import type { DepsResolver } from './dependency.js';
import type { AnswerEncoder, ErrorStep } from './handle-error.js';
import type { EarlyAnswer, OnRequestHook, PreHandlerHook } from './hook-types.js';
import { isThenable } from './maybe-async.js';
import type { MatchedRoute, RequestScope } from './request-scope.js';
import type { Send } from './send.js';

type Reply = BoltResponse | Promise<BoltResponse>;

/** Runs `hooks` in order; the first that answers stops the sequence. */
export function runSequence<H>(
  hooks: readonly H[],
  call: (hook: H) => EarlyAnswer | Promise<EarlyAnswer>,
  onAnswer: (answer: NonNullable<EarlyAnswer>) => Reply,
  onDone: () => Reply,
  from = 0,
): Reply {
  for (let i = from; i < hooks.length; i++) {
    const out = call(hooks[i] as H);
    if (isThenable(out)) {
      const next = i + 1;
      return Promise.resolve(out).then((answer) =>
        answer ? onAnswer(answer) : runSequence(hooks, call, onAnswer, onDone, next),
      );
    }
    if (out) return onAnswer(out);
  }
  return onDone();
}

export interface RoutePipelineSetup {
  route: MatchedRoute;
  /** Every onRequest hook from the app down to the route. */
  onRequest: readonly OnRequestHook[];
  /** The onRequest hooks below the app (run by `enter` after the app's own ran in `handle`). */
  innerOnRequest: readonly OnRequestHook[];
  preHandler: readonly PreHandlerHook[];
  deps: DepsResolver | undefined;
  bind: RequestBinder;
  handler: (ctx: RequestContext) => unknown;
  encode: ResultEncoder;
  encodeAnswer: AnswerEncoder;
  onErrorStep: ErrorStep;
  send: Send;
  newScope: (raw: RawRequest, route: MatchedRoute) => RequestScope;
  bodyLimit: number;
  tooLarge: () => BoltResponse;
}

export interface RoutePipeline {
  run(params: readonly string[], raw: RawRequest): Reply;
  /** Continues a request whose app-wide onRequest hooks already ran (from `CompiledApp.handle`). */
  enter(scope: RequestScope, params: readonly string[]): Reply;
}

export function compileRoutePipeline(s: RoutePipelineSetup): RoutePipeline {
  const { send, onErrorStep } = s;

  const fail = (scope: RequestScope, error: unknown): Reply => {
    const response = onErrorStep(error, scope);
    return isThenable(response) ? response.then((r) => send(scope, r)) : send(scope, response);
  };
  const guarded = (scope: RequestScope, step: () => Reply): Reply => {
    try {
      const out = step();
      return isThenable(out) ? out.catch((error: unknown) => fail(scope, error)) : out;
    } catch (error) {
      return fail(scope, error);
    }
  };
  const answer = (scope: RequestScope) => (early: NonNullable<EarlyAnswer>) => {
    const response = s.encodeAnswer(early);
    return isThenable(response) ? response.then((r) => send(scope, r)) : send(scope, response);
  };

  const handle = (ctx: RequestContext, scope: RequestScope): Reply => {
    const result = s.handler(ctx);
    const response = isThenable(result) ? Promise.resolve(result).then(s.encode) : s.encode(result);
    return isThenable(response) ? response.then((r) => send(scope, r)) : send(scope, response);
  };

  const afterDeps = (ctx: RequestContext, scope: RequestScope): Reply =>
    runSequence(
      s.preHandler,
      (hook) => hook(ctx as never),
      answer(scope),
      () => handle(ctx, scope),
    );

  const afterOnRequest = (scope: RequestScope, params: readonly string[]): Reply => {
    const bound = s.bind(scope.raw, params);
    if (!(bound instanceof RequestContext)) return send(scope, bound);
    bound.attach(scope);
    if (!s.deps) return afterDeps(bound, scope);
    const values = s.deps(scope);
    if (!isThenable(values)) {
      bound.deps = values;
      return afterDeps(bound, scope);
    }
    return values.then((v) => {
      bound.deps = v;
      return afterDeps(bound, scope);
    });
  };

  const from = (scope: RequestScope, params: readonly string[], onRequest: readonly OnRequestHook[]) =>
    guarded(scope, () => {
      if (scope.raw.body && scope.raw.body.length > s.bodyLimit) return send(scope, s.tooLarge());
      return runSequence(
        onRequest,
        (hook) => hook(scope),
        answer(scope),
        () => afterOnRequest(scope, params),
      );
    });

  return {
    run: (params, raw) => from(s.newScope(raw, s.route), params, s.onRequest),
    enter: (scope, params) => {
      scope.route = s.route;
      return from(scope, params, s.innerOnRequest);
    },
  };
}
