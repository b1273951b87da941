/**
 * How a built request reaches the app: `fetch` over the network (browsers, Node 18+), or
 * `api.inject` in memory (tests), both answering in the same shape.
 */
import type { WireBody, WireRequest } from './build-request.js';

/** A raw answer: status, headers, body text. */
export interface WireResponse {
  status: number;
  headers: Headers;
  text: string;
}

export type Sender = (request: WireRequest) => Promise<WireResponse>;

/** What `fetch` the client uses: the global one unless given. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Sends over the network to `baseUrl` (its path is kept as a prefix). */
export function fetchSender(baseUrl: string, fetchImpl: FetchLike | undefined): Sender {
  const base = baseUrl.endsWith('/') ? baseUrl.slice(0, -1) : baseUrl;
  return async (request) => {
    const run = fetchImpl ?? globalThis.fetch;
    const init: RequestInit = { method: request.method, headers: request.headers };
    if (request.body !== undefined) init.body = request.body;
    if (request.signal) init.signal = request.signal;
    const response = await run(base + request.url, init);
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
}

/** The part of a BoltAPI the in-memory mode calls. */
export interface Injectable {
  inject(request: {
    method: string;
    url: string;
    headers: Record<string, string>;
    body?: WireBody;
  }): Promise<{ status: number; headers: Record<string, string>; body: string }>;
}

/** Sends through `api.inject`, with no socket. */
export function injectSender(api: Injectable): Sender {
  return async (request) => {
    const answer = await api.inject({
      method: request.method,
      url: request.url,
      headers: request.headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
    });
    return { status: answer.status, headers: new Headers(answer.headers), text: answer.body };
  };
}
