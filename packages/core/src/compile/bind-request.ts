/**
 * Binding compiled per route: raw params, query, headers, cookies and body become the handler's
 * typed context, or the 400/415/422 response that explains why they cannot.
 */
import { compileInputDecoder, type InputDecoder } from '@bolt/schema';
import { detailResponse } from '../http/error-response.js';
import type { BoltResponse, RawRequest } from '../transport/contract.js';
import { compileBodyBinder } from './bind-body.js';
import { parseCookieHeader, parseQuery, RequestContext } from './request-context.js';
import type { RouteOptionsLike } from './route-options-like.js';

/** Builds the context for one request, or the response refusing it. */
export type RequestBinder = (raw: RawRequest, params: readonly string[]) => RequestContext | BoltResponse;

const EMPTY: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

function malformedPath(): BoltResponse {
  return detailResponse(400, 'Malformed path: a percent-encoded sequence is not valid UTF-8');
}

/** Compiles the binder for a route. `where` (e.g. `GET /items/{id}`) names the route in startup errors. */
export function compileBinder(
  paramNames: readonly string[],
  options: RouteOptionsLike,
  where: string,
): RequestBinder {
  const decodeParams: InputDecoder | undefined =
    options.params && compileInputDecoder(options.params, 'path', where);
  const decodeQuery = options.query && compileInputDecoder(options.query, 'query', where);
  const decodeHeaders = options.headers && compileInputDecoder(options.headers, 'header', where);
  const decodeCookies = options.cookies && compileInputDecoder(options.cookies, 'cookie', where);
  const bindBody = options.body && compileBodyBinder(options.body);
  const paramCount = paramNames.length;

  return (raw, rawParams) => {
    let params = EMPTY;
    if (paramCount > 0) {
      const strings: Record<string, string> = {};
      for (let i = 0; i < paramCount; i++) {
        const value = rawParams[i] ?? '';
        try {
          strings[paramNames[i] as string] = value.includes('%') ? decodeURIComponent(value) : value;
        } catch {
          return malformedPath();
        }
      }
      if (decodeParams) {
        const result = decodeParams(strings);
        if (!result.ok) return detailResponse(422, result.issues);
        params = result.value;
      } else params = strings;
    }

    let query: Record<string, unknown> | undefined;
    if (decodeQuery) {
      const result = decodeQuery(parseQuery(raw.query));
      if (!result.ok) return detailResponse(422, result.issues);
      query = result.value;
    }
    let headers: Record<string, unknown> | undefined;
    if (decodeHeaders) {
      const result = decodeHeaders(raw.headers);
      if (!result.ok) return detailResponse(422, result.issues);
      headers = result.value;
    }
    let cookies: Record<string, unknown> | undefined;
    if (decodeCookies) {
      const result = decodeCookies(parseCookieHeader(raw.headers.cookie));
      if (!result.ok) return detailResponse(422, result.issues);
      cookies = result.value;
    }
    let body: unknown;
    if (bindBody) {
      const result = bindBody(raw);
      if (!result.ok) return result.response;
      body = result.value;
    }
    return new RequestContext(raw, params, query, headers, cookies, body);
  };
}
