/**
 * The context object handed to handlers. Typed inputs are bound before the handler runs; untyped
 * ones (a route with no `query` schema, say) are parsed only if the handler reads them.
 */
import { parse as parseCookies } from 'cookie';
import fastQuerystring from 'fast-querystring';
import type { Logger } from '../log/logger.js';
import { type HookRequest, RequestScope } from '../pipeline/request-scope.js';
import type { RawRequest } from '../transport/contract.js';

type Bag = Record<string, unknown>;
const EMPTY_DEPS: Bag = Object.freeze({}) as Bag;

/** Parses a raw query string; repeated keys become arrays. */
export function parseQuery(query: string): Record<string, string | string[]> {
  return query === '' ? {} : (fastQuerystring.parse(query) as Record<string, string | string[]>);
}

/** Parses the `cookie` header into name -> value. */
export function parseCookieHeader(header: string | undefined): Record<string, string | undefined> {
  return header ? parseCookies(header) : {};
}

/** One request's handler context. */
export class RequestContext {
  params: Bag;
  body: unknown;
  /** Values of the route's `deps`, resolved before its preHandler hooks. */
  deps: Bag = EMPTY_DEPS;
  #raw: RawRequest;
  #logger: Logger;
  #query: Bag | undefined;
  #headers: Bag | undefined;
  #cookies: Bag | undefined;
  #scope: RequestScope | undefined;

  constructor(
    raw: RawRequest,
    logger: Logger,
    params: Bag,
    query: Bag | undefined,
    headers: Bag | undefined,
    cookies: Bag | undefined,
    body: unknown,
  ) {
    this.#raw = raw;
    this.#logger = logger;
    this.params = params;
    this.#query = query;
    this.#headers = headers;
    this.#cookies = cookies;
    this.body = body;
  }

  /** Joins the pipeline's scope, so hooks, dependencies and the handler share one request id and state. */
  attach(scope: RequestScope): void {
    this.#scope = scope;
  }

  get query(): Bag {
    this.#query ??= parseQuery(this.#raw.query);
    return this.#query;
  }

  get headers(): Bag {
    return this.#headers ?? (this.#raw.headers as Bag);
  }

  get cookies(): Bag {
    this.#cookies ??= parseCookieHeader(this.#raw.headers.cookie);
    return this.#cookies;
  }

  /** Request facts, id, logger and state; created on first read for routes without hooks. */
  get request(): HookRequest {
    this.#scope ??= new RequestScope(this.#raw, this.#logger);
    return this.#scope;
  }

  get log(): Logger {
    return this.request.log;
  }

  get requestId(): string {
    return this.request.id;
  }

  get state(): Bag {
    return this.request.state;
  }
}
