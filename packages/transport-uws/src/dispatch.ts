/**
 * Answers a request once Bolt has produced (or promised) its response: synchronous results are written
 * inside the uWS callback; promised ones are awaited with `onAborted` registered and written corked.
 * Tells the response's `finished` observer, once, how the exchange ended.
 */
import type { BoltResponse, CompiledRoute, RawRequest } from '@bolt/core/transport';
import { BOLT_CLOSES, type CloseAfter, KEEP_ALIVE } from './connection-close.js';
import { type BoltRes, hookAbort, type ServerState } from './server-state.js';
import { statusLine } from './status-line.js';
import { writeResponse } from './write-response.js';

/**
 * Writes `result` now, or once it settles. The caller is corked when it calls this.
 *
 * A connection that ends after this answer (`close`) is answered on the next loop turn, never
 * inside the uWS callback: uWS 20.30 parses every request already read from the socket before it
 * sends anything, and a request pipelined behind `Connection: close` would otherwise be answered
 * too, on a connection kept open. Answered later, that request finds this one pending, and uWS
 * drops the connection without dispatching it.
 */
export function dispatch(
  res: BoltRes,
  state: ServerState,
  result: BoltResponse | Promise<BoltResponse>,
  head: boolean,
  close: CloseAfter,
): void {
  if (close === KEEP_ALIVE && !(result instanceof Promise)) {
    answer(res, state, result, head, close);
    return;
  }
  hookAbort(res);
  state.inFlight.begin();
  const settle = (response: BoltResponse): void => {
    if (res.aborted) finished(state, response, true);
    else res.cork(() => answer(res, state, response, head, close));
    state.inFlight.end();
  };
  const fail = (error: unknown): void => {
    // CompiledRoute.run never rejects by contract; if it does anyway the client still gets a 500.
    state.log.error({ err: error }, 'bolt: route rejected');
    settle(state.app.errorResponse(500));
  };
  if (close === KEEP_ALIVE) (result as Promise<BoltResponse>).then(settle, fail);
  else setImmediate(() => (result instanceof Promise ? result.then(settle, fail) : settle(result)));
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

/**
 * {@link reject} on the next loop turn (see {@link dispatch}): for a request whose framing is in
 * doubt, where the bytes after it must never be answered as a request of their own.
 */
export function rejectLater(res: BoltRes, state: ServerState, status: number): void {
  hookAbort(res);
  state.inFlight.begin();
  setImmediate(() => {
    if (!res.aborted) res.cork(() => reject(res, state, status));
    state.inFlight.end();
  });
}

/** Writes `response` and reports to its `finished` observer when the last byte is out. Never throws. */
function answer(
  res: BoltRes,
  state: ServerState,
  response: BoltResponse,
  head: boolean,
  close: CloseAfter,
): void {
  let pending: Promise<void> | undefined;
  try {
    // A draining server closes every connection after its current answer.
    const closing = close === KEEP_ALIVE && state.draining ? BOLT_CLOSES : close;
    pending = writeResponse(res, response, head, state, closing);
  } catch (error) {
    // Nothing a handler returns may throw out of a uWS callback (the process would end).
    state.log.error({ err: error }, 'bolt: writing the response failed; closing the connection');
    try {
      res.close();
    } catch {
      // the response had already ended
    }
    finished(state, response, true);
    return;
  }
  if (!pending) {
    finished(state, response, false);
    return;
  }
  state.inFlight.begin();
  pending.then(
    () => {
      state.inFlight.end();
      finished(state, response, res.aborted === true);
    },
    (error: unknown) => {
      state.log.error({ err: error }, 'bolt: writing the response failed');
      state.inFlight.end();
      finished(state, response, true);
    },
  );
}

/** Calls the response's `finished` observer, if it has one. It never throws by contract; guarded anyway. */
export function finished(state: ServerState, response: BoltResponse, aborted: boolean): void {
  const observer = (response as Partial<BoltResponse> | null)?.finished;
  if (typeof observer !== 'function') return;
  try {
    observer(aborted);
  } catch (error) {
    state.log.error({ err: error }, 'bolt: a finished observer threw');
  }
}
