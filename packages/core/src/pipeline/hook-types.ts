/**
 * The named phases of the request pipeline and what a hook in each may do (DESIGN.md, "The request
 * pipeline"). Hooks run in registration order within a phase: app-wide first, then each included
 * API down to the route's own. An empty phase costs nothing.
 */
import type { ResponseObject } from '../http/responses.js';
import type { BoltResponse } from '../transport/contract.js';
import type { HookRequest } from './request-scope.js';

/** Returning a response helper (`json`, `text`, ...) answers at once; returning nothing goes on. */
// biome-ignore lint/suspicious/noConfusingVoidType: hooks written as `() => void calls.push(x)` return void
export type EarlyAnswer = ResponseObject | undefined | void;
type Maybe<T> = T | Promise<T>;

/** Before routing, on every request (404/405/OPTIONS too): request id, rate limit, CORS preflight. */
export type OnRequestHook = (request: HookRequest) => Maybe<EarlyAnswer>;
/** After binding and dependencies, with the handler's context: guards. */
export type PreHandlerHook = (ctx: PreHandlerContext) => Maybe<EarlyAnswer>;
/** What an onSend hook returns: a changed response, or nothing to keep it. */
// biome-ignore lint/suspicious/noConfusingVoidType: as EarlyAnswer
export type SendResult = BoltResponse | undefined | void;
/** Before any response is written, errors included: return a changed response, or nothing to keep it. */
export type OnSendHook = (request: HookRequest, response: BoltResponse) => Maybe<SendResult>;
/** After the response was written or the client went away: access log, metrics. */
export type OnResponseHook = (request: HookRequest, outcome: ResponseOutcome) => Maybe<void>;
/** An error thrown anywhere above: return a response to answer with it, or nothing to pass it on. */
export type OnErrorHook = (error: unknown, request: HookRequest) => Maybe<EarlyAnswer>;

/** The handler context a preHandler sees (typed per route for the handler itself). */
export interface PreHandlerContext {
  readonly params: Record<string, unknown>;
  readonly query: Record<string, unknown>;
  readonly headers: Record<string, unknown>;
  readonly cookies: Record<string, unknown>;
  readonly body: unknown;
  readonly deps: Record<string, unknown>;
  readonly request: HookRequest;
}

/** How an exchange ended, for `onResponse`. */
export interface ResponseOutcome {
  readonly status: number;
  /** True when the client went away before the response was written. */
  readonly aborted: boolean;
  /** From the request entering Bolt to the last byte written (or the abort), in milliseconds. */
  readonly durationMs: number;
}

/** Hook functions by phase name, as `addHook` takes them. */
export interface HookMap {
  onRequest: OnRequestHook;
  preHandler: PreHandlerHook;
  onSend: OnSendHook;
  onResponse: OnResponseHook;
  onError: OnErrorHook;
}
export type HookName = keyof HookMap;

/** A user's exception class turned into a response by `api.onError(Class, handler)`. */
export type ErrorClass<E> = abstract new (...args: any[]) => E;
export type ErrorHandler<E> = (error: E, request: HookRequest) => Maybe<ResponseObject>;

/**
 * The part of a plugin's behaviour an engine may run itself (a CORS policy, an in-memory rate
 * limit, a JWT verifier), as data. Engines that implement `kind` drop the JS hooks tagged with it.
 */
export interface NativeForm {
  readonly kind: string;
  readonly config: Readonly<Record<string, unknown>>;
}
