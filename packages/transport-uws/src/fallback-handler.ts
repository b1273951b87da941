/**
 * The `any('/*')` callback: every request uWS's router did not match. Bolt's router finds the route
 * once (`match`), so its body limit applies before the body is read and `run` gets the params; what
 * it cannot match goes to `app.handle`, which answers 404, 405 with `Allow` and automatic OPTIONS
 * (and runs the app's hooks on them when `hooksOnEveryRequest`).
 */
import { closeAfter } from './connection-close.js';
import { dispatch, reject, rejectLater, runRoute } from './dispatch.js';
import { awaitBody } from './pending-body.js';
import { readHeaders } from './read-headers.js';
import { conflictingLengths } from './request-framing.js';
import { bodyLength, type UwsHandler } from './route-handler.js';
import type { ServerState } from './server-state.js';
import { UwsRequest } from './uws-request.js';

const NO_PARAMS: readonly string[] = Object.freeze([]);

/** Builds the catch-all callback. */
export function fallbackHandler(state: ServerState): UwsHandler {
  return (res, req) => {
    const method = req.getMethod().toUpperCase();
    const path = req.getUrl();
    const query = req.getQuery() || '';
    const headers = readHeaders(
      req,
      method.length + 12 + path.length + query.length,
      state.maxHeaderSize || Infinity,
    );
    if (headers === undefined) return reject(res, state, 431);
    if (conflictingLengths(headers['content-length'])) return rejectLater(res, state, 400);
    const close = closeAfter(headers.connection);
    const found = state.app.match(method, path);
    const route = found?.route;
    const params = found?.params ?? NO_PARAMS;
    const length = method === 'GET' || method === 'HEAD' ? 0 : bodyLength(headers);
    if (length !== 0) {
      const limit = route ? route.bodyLimit : state.app.bodyLimit;
      return awaitBody(res, state, route, params, method, path, query, headers, limit, length, close);
    }
    const request = new UwsRequest(method, path, query, headers, undefined, res);
    dispatch(res, state, runRoute(state, route, params, request), method === 'HEAD', close);
  };
}
