/**
 * The context object handed to handlers. Typed inputs are bound before the handler runs; untyped
 * ones (a route with no `query` schema, say) are parsed only if the handler reads them.
 */
import { parse as parseCookies } from 'cookie';
import fastQuerystring from 'fast-querystring';
import type { RequestInfo } from '../api/route-types.js';
import type { RawRequest } from '../transport/contract.js';

type Bag = Record<string, unknown>;

/** Parses a raw query string; repeated keys become arrays. */
export function parseQuery(query: string): Record<string, string | string[]> {
  return query === '' ? {} : (fastQuerystring.parse(query) as Record<string, string | string[]>);
}

/** Parses the `cookie` header into name -> value. */
export function parseCookieHeader(header: string | undefined): Record<string, string | undefined> {
  return header ? parseCookies(header) : {};
}

/** One request's handler context. */
export class RequestContext implements RequestInfo {
  params: Bag;
  body: unknown;
  #raw: RawRequest;
  #query: Bag | undefined;
  #headers: Bag | undefined;
  #cookies: Bag | undefined;

  constructor(
    raw: RawRequest,
    params: Bag,
    query: Bag | undefined,
    headers: Bag | undefined,
    cookies: Bag | undefined,
    body: unknown,
  ) {
    this.#raw = raw;
    this.params = params;
    this.#query = query;
    this.#headers = headers;
    this.#cookies = cookies;
    this.body = body;
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

  get request(): RequestInfo {
    return this;
  }

  get method(): string {
    return this.#raw.method;
  }

  get path(): string {
    return this.#raw.path;
  }

  get rawQuery(): string {
    return this.#raw.query;
  }

  get rawBody(): Uint8Array | undefined {
    return this.#raw.body;
  }

  get remoteAddress(): string | undefined {
    return this.#raw.remoteAddress;
  }

  header(name: string): string | undefined {
    return this.#raw.headers[name.toLowerCase()];
  }
}
