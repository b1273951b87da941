/**
 * One request as the pipeline sees it, from the first hook to the last: the raw request, its id
 * and logger, state hooks share, the route it matched, and what must run once it is finished
 * (dependency cleanups). Created only for routes and apps that have hooks or dependencies, or
 * when a handler reads `ctx.request`, `ctx.log` or `ctx.requestId`.
 */
import type { RequestInfo } from '../api/route-types.js';
import { childOf, type Logger } from '../log/logger.js';
import type { RawRequest } from '../transport/contract.js';
import { requestIdFrom } from './request-id.js';

/** The route a request matched, once routing happened. */
export interface MatchedRoute {
  readonly method: string;
  readonly pattern: string;
}

/** What hooks receive: request facts plus the request's id, logger and shared state. */
export interface HookRequest extends RequestInfo {
  /** The request id (the client's sane `x-request-id`, or generated). */
  readonly id: string;
  /** A child logger that stamps `reqId` on every line. */
  readonly log: Logger;
  /** Free-form state shared by the hooks, dependencies and handler of this request. */
  readonly state: Record<string, unknown>;
  /** The matched route; undefined in `onRequest` hooks of unmatched requests (404/405). */
  readonly route: MatchedRoute | undefined;
  /** `performance.now()` when the request entered Bolt. */
  readonly startedAt: number;
  /** What the engine's native forms found out, by kind (`jwt`: verified claims); empty when none ran. */
  readonly native: Readonly<Record<string, unknown>>;
}

const NO_NATIVE: Readonly<Record<string, unknown>> = Object.freeze({});

export class RequestScope implements HookRequest {
  readonly raw: RawRequest;
  startedAt: number;
  route: MatchedRoute | undefined;
  /** Cleanups registered by dependencies, run after the response (last registered first). */
  cleanups: Array<() => unknown> | undefined;
  /** Dependency values resolved for this request, so each resolves once. */
  resolved: Map<object, unknown> | undefined;
  readonly #logger: Logger;
  #id: string | undefined;
  #log: Logger | undefined;
  #state: Record<string, unknown> | undefined;

  /** `timed`: read the clock now, for `onResponse` durations (skipped when nothing reads them). */
  constructor(raw: RawRequest, logger: Logger, route?: MatchedRoute, timed = false) {
    this.raw = raw;
    this.#logger = logger;
    this.route = route;
    this.startedAt = timed ? performance.now() : 0;
  }

  get id(): string {
    this.#id ??= requestIdFrom(this.raw.headers['x-request-id']);
    return this.#id;
  }

  get log(): Logger {
    this.#log ??= childOf(this.#logger, { reqId: this.id });
    return this.#log;
  }

  get state(): Record<string, unknown> {
    this.#state ??= {};
    return this.#state;
  }

  get method(): string {
    return this.raw.method;
  }

  get path(): string {
    return this.raw.path;
  }

  get rawQuery(): string {
    return this.raw.query;
  }

  get rawBody(): Uint8Array | undefined {
    return this.raw.body;
  }

  get remoteAddress(): string | undefined {
    return this.raw.remoteAddress;
  }

  header(name: string): string | undefined {
    return this.raw.headers[name.toLowerCase()];
  }

  get native(): Readonly<Record<string, unknown>> {
    return this.raw.native ?? NO_NATIVE;
  }

  onCleanup(cleanup: () => unknown): void {
    (this.cleanups ??= []).push(cleanup);
  }
}
