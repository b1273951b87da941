/**
 * The uWS callback for one compiled route and method: the hot path. Everything is read from the
 * request synchronously (uWS invalidates it on return); the route's compiled `run` does the rest.
 */
import type { CompiledRoute } from '@bolt/core';
import type { HttpRequest } from '@trufflesuite/uws-js-unofficial';
import { dispatch, reject } from './dispatch.js';
import { awaitBody } from './pending-body.js';
import { readHeaders } from './read-headers.js';
import type { BoltRes, ServerState } from './server-state.js';
import { restOf, type UwsPattern } from './uws-pattern.js';
import { UwsRequest } from './uws-request.js';

/** A uWS route callback. */
export type UwsHandler = (res: BoltRes, req: HttpRequest) => void;

const NO_PARAMS: readonly string[] = Object.freeze([]);

/** Builds the callback uWS calls for `method` requests matching `pattern`. */
export function routeHandler(
  route: CompiledRoute,
  method: string,
  pattern: UwsPattern,
  state: ServerState,
): UwsHandler {
  const paramCount = route.paramNames.length;
  const matchedCount = route.catchAll ? paramCount - 1 : paramCount;
  const head = method === 'HEAD';
  const bodyAllowed = method !== 'GET' && method !== 'HEAD';
  const requestLine = method.length + 12; // method, spaces, " HTTP/1.1\r\n"
  return (res, req) => {
    const path = req.getUrl();
    const query = req.getQuery() || '';
    const headers = readHeaders(req, requestLine + path.length + query.length, state.maxHeaderSize);
    if (headers === undefined) return reject(res, state, 431);
    let params = NO_PARAMS;
    let target: CompiledRoute | undefined = route;
    if (paramCount > 0) {
      const values: string[] = [];
      for (let i = 0; i < matchedCount; i++) values.push(req.getParameter(i));
      if (route.catchAll) values.push(restOf(path, pattern.segmentsBeforeRest));
      // uWS matches an empty segment where Bolt's router does not: let Bolt route those.
      if (values.includes('')) target = undefined;
      params = values;
    }
    if (bodyAllowed) {
      const length = bodyLength(headers);
      if (length !== 0) {
        return awaitBody(res, state, target, params, method, path, query, headers, route.bodyLimit, length);
      }
    }
    const request = new UwsRequest(method, path, query, headers, undefined, res);
    dispatch(res, state, target ? target.run(params, request) : state.app.handle(request), head);
  };
}

/**
 * `content-length` as a number, `-1` for a chunked body of unknown size, `0` when there is no body.
 */
export function bodyLength(headers: Readonly<Record<string, string | undefined>>): number {
  const declared = headers['content-length'];
  if (declared !== undefined) {
    const n = Number(declared);
    return Number.isSafeInteger(n) && n >= 0 ? n : -1;
  }
  return headers['transfer-encoding'] === undefined ? 0 : -1;
}
