/**
 * Answers a request once Bolt has produced (or promised) its response: synchronous results are written
 * inside the uWS callback; promised ones are awaited with `onAborted` registered and written corked.
 */
import type { BoltResponse, CompiledRoute, RawRequest } from '@bolt/core/transport';
import { type BoltRes, hookAbort, type ServerState } from './server-state.js';
import { statusLine } from './status-line.js';
import { writeResponse } from './write-response.js';

/** Writes `result` now, or once it settles. The caller is corked when it calls this. */
export function dispatch(
  res: BoltRes,
  state: ServerState,
  result: BoltResponse | Promise<BoltResponse>,
  head: boolean,
): void {
  if (!(result instanceof Promise)) {
    track(state, writeResponse(res, result, head, state));
    return;
  }
  hookAbort(res);
  state.inFlight.begin();
  result.then(
    (response) => finish(res, state, response, head),
    (error: unknown) => {
      // CompiledRoute.run never rejects by contract; if it does anyway the client still gets a 500.
      state.log.error({ err: error }, 'bolt: route rejected');
      finish(res, state, state.app.errorResponse(500), head);
    },
  );
}

/**
 * Runs `route` (or Bolt's router without one). `run` never throws by contract; this guard keeps a
 * broken promise from ever escaping into uWS's native callback, where it would end the process.
 */
export function runRoute(
  state: ServerState,
  route: CompiledRoute | undefined,
  params: readonly string[],
  request: RawRequest,
): BoltResponse | Promise<BoltResponse> {
  try {
    return route ? route.run(params, request) : state.app.handle(request);
  } catch (error) {
    state.log.error({ err: error }, 'bolt: route threw');
    return state.app.errorResponse(500);
  }
}

/** Answers with Bolt's fixed response for `status` (413, 431, ...) and closes the connection. */
export function reject(res: BoltRes, state: ServerState, status: number): void {
  const response = state.app.errorResponse(status);
  res.writeStatus(statusLine(status));
  const headers = response.headers;
  for (let i = 0; i < headers.length; i += 2) res.writeHeader(headers[i]!, headers[i + 1]!);
  // Closing is the only safe end: the rest of an oversized request is never read.
  res.end(response.body as string, true);
}

function finish(res: BoltRes, state: ServerState, response: BoltResponse, head: boolean): void {
  if (res.aborted) {
    state.inFlight.end();
    return;
  }
  let pending: Promise<void> | undefined;
  res.cork(() => {
    pending = writeResponse(res, response, head, state);
  });
  if (pending) pending.then(() => state.inFlight.end());
  else state.inFlight.end();
}

function track(state: ServerState, pending: Promise<void> | undefined): void {
  if (!pending) return;
  state.inFlight.begin();
  pending.then(() => state.inFlight.end());
}
