/**
 * `createClient`: the typed client of an app, from its type alone (`typeof api`), with no code
 * generation. Every call resolves with `{ ok, status, data, headers }`; `data` is the parsed JSON
 * (or the text, or undefined for an empty body).
 */
import { buildRequest, type CallInput } from './build-request.js';
import { type FetchLike, fetchSender, type Injectable, injectSender, type Sender } from './senders.js';
import type { AnyAPI, Client } from './types.js';

/** Options of a client. */
export interface ClientOptions {
  /** Headers sent with every call (an API key, a bearer token); a function is called per call. */
  headers?: Record<string, string> | (() => Record<string, string>);
  /** The `fetch` to use (a test double, an agent-bound fetch). Default the global `fetch`. */
  fetch?: FetchLike;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

function parse(text: string, contentType: string | null, method: string): unknown {
  if (method === 'HEAD' || text === '') return undefined;
  if (contentType && /[/+]json\b/i.test(contentType)) return JSON.parse(text);
  return text;
}

/**
 * A client for the app whose type is `A`: over the network from `baseUrl`, or in memory when
 * given the API itself (its routes' types come with it).
 *
 * @example
 * const client = createClient<typeof api>('http://127.0.0.1:8000');
 * const res = await client.get('/items/{item_id}', { params: { item_id: 1 }, query: { q: 'hi' } });
 * if (res.status === 200) res.data.item_id; // number
 *
 * const local = createClient(api); // api.inject, no socket
 */
export function createClient<A extends AnyAPI>(baseUrl: string | URL, options?: ClientOptions): Client<A>;
export function createClient<A extends AnyAPI & Injectable>(api: A, options?: ClientOptions): Client<A>;
/** In memory, typed by `A` (e.g. an exported `type AppAPI`) rather than by the value passed. */
export function createClient<A extends AnyAPI>(api: Injectable, options?: ClientOptions): Client<A>;
export function createClient(target: string | URL | Injectable, options: ClientOptions = {}): unknown {
  const send: Sender =
    typeof target === 'string' || target instanceof URL
      ? fetchSender(String(target), options.fetch)
      : injectSender(target);
  const call = async (method: string, path: string, input?: CallInput) => {
    const defaults = typeof options.headers === 'function' ? options.headers() : (options.headers ?? {});
    const lower: Record<string, string> = {};
    for (const [k, v] of Object.entries(defaults)) lower[k.toLowerCase()] = v;
    const answer = await send(buildRequest(method, path, input, lower));
    return {
      ok: answer.status >= 200 && answer.status < 300,
      status: answer.status,
      data: parse(answer.text, answer.headers.get('content-type'), method),
      headers: answer.headers,
    };
  };
  const client: Record<string, unknown> = {
    request: (method: string, path: string, input?: CallInput) => call(method.toUpperCase(), path, input),
  };
  for (const method of METHODS) {
    client[method.toLowerCase()] = (path: string, input?: CallInput) => call(method, path, input);
  }
  return Object.freeze(client);
}
