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
  /** Whether an onResponse hook reads the request's duration. */
  timed: boolean;
}

export interface RoutePipeline {
  run(params: readonly string[], raw: RawRequest): Reply;
  /** Continues a request whose app-wide onRequest hooks already ran (from `CompiledApp.handle`). */
  enter(scope: RequestScope, params: readonly string[]): Reply;
}

export function compileRoutePipeline(s: RoutePipelineSetup): RoutePipeline {
  const { send, onErrorStep, encodeAnswer, encode, bind, handler, deps, preHandler, bodyLimit } = s;
  // Steps take the scope (and context) as arguments rather than closing over them, so a request
  // that stays synchronous allocates no closure for the pipeline.
  const sendReply = (scope: RequestScope, response: Reply): Reply =>
    isThenable(response) ? response.then((r) => send(scope, r)) : send(scope, response);
  const fail = (scope: RequestScope, error: unknown): Reply => sendReply(scope, onErrorStep(error, scope));
  const caught = (scope: RequestScope, out: Reply): Reply =>
    isThenable(out) ? out.catch((error: unknown) => fail(scope, error)) : out;

  /** Runs hooks from `i`; the first answer is encoded and sent, otherwise `done` continues. */
  function sequence<H extends (arg: never) => unknown>(
    hooks: readonly H[],
    arg: Parameters<H>[0],
    scope: RequestScope,
    i: number,
    done: (scope: RequestScope, arg: Parameters<H>[0]) => Reply,
  ): Reply {
    for (; i < hooks.length; i++) {
      const out = (hooks[i] as H)(arg) as EarlyAnswer | Promise<EarlyAnswer>;
      if (isThenable(out)) {
        const next = i + 1;
        return Promise.resolve(out).then((early) =>
          early ? sendReply(scope, encodeAnswer(early)) : sequence(hooks, arg, scope, next, done),
        );
      }
      if (out) return sendReply(scope, encodeAnswer(out));
    }
    return done(scope, arg);
  }

  const callHandler = (scope: RequestScope, ctx: RequestContext): Reply => {
    const result = handler(ctx);
    return sendReply(scope, isThenable(result) ? Promise.resolve(result).then(encode) : encode(result));
  };
  const afterDeps = (scope: RequestScope, ctx: RequestContext): Reply =>
    preHandler.length === 0
      ? callHandler(scope, ctx)
      : sequence(preHandler as readonly ((ctx: never) => unknown)[], ctx as never, scope, 0, (sc, c) =>
          callHandler(sc, c as RequestContext),
        );

  const afterBind = (scope: RequestScope, bound: RequestContext | BoltResponse): Reply => {
    if (!(bound instanceof RequestContext)) return send(scope, bound);
    bound.attach(scope);
    if (!deps) return afterDeps(scope, bound);
    const values = deps(scope);
    if (!isThenable(values)) {
      bound.deps = values;
      return afterDeps(scope, bound);
    }
    return values.then((v) => {
      bound.deps = v;
      return afterDeps(scope, bound);
    });
  };
  const afterOnRequest = (scope: RequestScope, params: readonly string[]): Reply => {
    const bound = bind(scope.raw, params);
    // A streamed (multipart) body is parsed before the context exists.
    return bound instanceof Promise ? bound.then((b) => afterBind(scope, b)) : afterBind(scope, bound);
  };

  const from = (
    scope: RequestScope,
    params: readonly string[],
    onRequest: readonly OnRequestHook[],
  ): Reply => {
    try {
      if (scope.raw.body && scope.raw.body.length > bodyLimit) return send(scope, s.tooLarge());
      if (onRequest.length === 0) return caught(scope, afterOnRequest(scope, params));
      return caught(
        scope,
        sequence(onRequest, scope, scope, 0, (sc) => afterOnRequest(sc, params)),
      );
    } catch (error) {
      return fail(scope, error);
    }
  };

  return {
    run: (params, raw) => from(s.newScope(raw, s.route), params, s.onRequest),
    enter: (scope, params) => {
      scope.route = s.route;
      // The app had no onResponse hook to start the clock; this route has one.
      if (s.timed && scope.startedAt === 0) scope.startedAt = performance.now();
      return from(scope, params, s.innerOnRequest);
    },
  };
}
