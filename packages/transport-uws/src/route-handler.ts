/**
 * The uWS callback for one compiled route and method: the hot path. Everything is read from the
 * request synchronously (uWS invalidates it on return); the route's compiled `run` does the rest.
 */
import type { BoltResponse, CompiledRoute } from '@bolt/core/transport';
import type { HttpRequest } from '@trufflesuite/uws-js-unofficial';
import { closeAfter } from './connection-close.js';
import { dispatch, reject, rejectLater, runRoute } from './dispatch.js';
import { awaitBody } from './pending-body.js';
import { readHeaders } from './read-headers.js';
import { conflictingLengths } from './request-framing.js';
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
  // Without Bolt's header limit, requests without a body copy headers only when a handler reads them
  // (uWS's forEach costs about a microsecond per request, a large share of the whole).
  const lazyHeaders = state.maxHeaderSize === 0 && !bodyAllowed;
  return (res, req) => {
    const path = req.getUrl();
    const query = req.getQuery() || '';
    let headers: Record<string, string | undefined> | undefined;
    // A declared length on a bodiless method still frames the connection: check it like any other.
    if (!lazyHeaders || req.getHeader('content-length') !== '') {
      headers = readHeaders(req, requestLine + path.length + query.length, state.maxHeaderSize || Infinity);
      if (headers === undefined) return reject(res, state, 431);
      if (conflictingLengths(headers['content-length'])) return rejectLater(res, state, 400);
    }
    const close = closeAfter(headers ? headers.connection : req.getHeader('connection'));
    let params = NO_PARAMS;
    let target: CompiledRoute | undefined = route;
    if (paramCount > 0) {
      const values: string[] = [];
      for (let i = 0; i < matchedCount; i++) values.push(req.getParameter(i));
      if (route.catchAll) values.push(restOf(path, pattern.segmentsBeforeRest));
      params = values;
      // uWS matches an empty segment where Bolt's router does not: let Bolt route those.
      if (values.includes('')) {
        const found = state.app.match(method, path);
        target = found?.route;
        params = found?.params ?? NO_PARAMS;
      }
    }
    if (headers !== undefined && bodyAllowed) {
      const length = bodyLength(headers);
      if (length !== 0) {
        const limit = target ? target.bodyLimit : state.app.bodyLimit;
        return awaitBody(res, state, target, params, method, path, query, headers, limit, length, close);
      }
    }
    if (headers !== undefined) {
      const request = new UwsRequest(method, path, query, headers, undefined, res);
      dispatch(res, state, runRoute(state, target, params, request), head, close);
      return;
    }
    const request = new UwsRequest(method, path, query, undefined, undefined, res, req);
    const result = runRoute(state, target, params, request);
    request.detach(outlivesCallback(result));
    dispatch(res, state, result, head, close);
  };
}

/** True when handler code may still run after the uWS callback returns (a promise or a stream). */
function outlivesCallback(result: BoltResponse | Promise<BoltResponse>): boolean {
  if (result instanceof Promise) return true;
  const body = result.body;
  return body !== null && typeof body === 'object' && !(body instanceof Uint8Array);
}

/**
 * `content-length` as a number (the first of identical repeats), `-1` for a chunked body of unknown
 * size, `0` when there is no body.
 */
export function bodyLength(headers: Readonly<Record<string, string | undefined>>): number {
  const declared = headers['content-length'];
  if (declared !== undefined) {
    const comma = declared.indexOf(',');
    const n = Number(comma === -1 ? declared : declared.slice(0, comma));
    return Number.isSafeInteger(n) && n >= 0 ? n : -1;
  }
  return headers['transfer-encoding'] === undefined ? 0 : -1;
}
