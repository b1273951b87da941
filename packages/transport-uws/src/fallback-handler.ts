/**
 * The `any('/*')` callback: every request uWS's router did not match goes to Bolt's own router,
 * which answers 404, 405 with `Allow`, automatic OPTIONS, and routes uWS cannot express.
 */
import { dispatch, reject, runRoute } from './dispatch.js';
import { awaitBody } from './pending-body.js';
import { readHeaders } from './read-headers.js';
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
    const length = method === 'GET' || method === 'HEAD' ? 0 : bodyLength(headers);
    if (length !== 0) {
      return awaitBody(
        res,
        state,
        undefined,
        NO_PARAMS,
        method,
        path,
        query,
        headers,
        state.maxBodyLimit,
        length,
      );
    }
    const request = new UwsRequest(method, path, query, headers, undefined, res);
    dispatch(res, state, runRoute(state, undefined, NO_PARAMS, request), method === 'HEAD');
  };
}
