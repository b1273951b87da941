/**
 * A request waiting for its body: what the route callback read synchronously, kept until `onData`
 * delivers the last chunk: one small record per request that has a body.
 */
import { type BoltResponse, type CompiledRoute, isMultipartContentType } from '@bolt/core/transport';
import { UwsBodyStream } from './body-stream.js';
import { BOLT_CLOSES, type CloseAfter } from './connection-close.js';
import { dispatch, reject, runRoute } from './dispatch.js';
import type { BodySink } from './read-body.js';
import { readBody } from './read-body.js';
import { type BoltRes, hookAbort, type ServerState } from './server-state.js';
import { UwsRequest } from './uws-request.js';

/** Starts reading the body of a request Bolt will answer with `route` (or `app.handle` without one). */
export function awaitBody(
  res: BoltRes,
  state: ServerState,
  route: CompiledRoute | undefined,
  params: readonly string[],
  method: string,
  path: string,
  query: string,
  headers: Readonly<Record<string, string | undefined>>,
  limit: number,
  contentLength: number,
  close: CloseAfter,
): void {
  if (contentLength > limit) {
    reject(res, state, 413); // announced too large: answer before reading a byte
    return;
  }
  hookAbort(res);
  state.inFlight.begin();
  if (route?.multipart && isMultipartContentType(headers['content-type'])) {
    streamBody(res, state, route, params, method, path, query, headers, close);
    return;
  }
  const pending = new PendingBody(state, route, params, method, path, query, headers, close);
  res.wake = state.endInFlight; // the client left mid-body
  readBody(res, limit, contentLength, pending);
}

class PendingBody implements BodySink {
  constructor(
    private readonly state: ServerState,
    private readonly route: CompiledRoute | undefined,
    private readonly params: readonly string[],
    private readonly method: string,
    private readonly path: string,
    private readonly query: string,
    private readonly headers: Readonly<Record<string, string | undefined>>,
    private readonly close: CloseAfter,
  ) {}

  body(res: BoltRes, body: Uint8Array): void {
    res.wake = undefined;
    const { state, route } = this;
    const raw = new UwsRequest(this.method, this.path, this.query, this.headers, body, res);
    res.cork(() => {
      dispatch(res, state, runRoute(state, route, this.params, raw), raw.method === 'HEAD', this.close);
    });
    state.inFlight.end();
  }

  tooLarge(res: BoltRes): void {
    res.wake = undefined;
    res.cork(() => reject(res, this.state, 413));
    this.state.inFlight.end();
  }

  stalled(res: BoltRes): void {
    res.wake = undefined;
    res.cork(() => reject(res, this.state, 408));
    this.state.inFlight.end();
  }
}

/** A request whose body Bolt reads as it arrives. */
class StreamedRequest extends UwsRequest {
  constructor(
    method: string,
    path: string,
    query: string,
    headers: Readonly<Record<string, string | undefined>>,
    res: BoltRes,
    readonly bodyStream: UwsBodyStream,
  ) {
    super(method, path, query, headers, undefined, res);
  }
}

/**
 * Runs a multipart route while its body streams in (never buffered whole; see body-stream.ts). An
 * answer given before the last byte arrived (a limit crossed, a hook refused) closes the connection,
 * since the rest of the body is never read.
 */
function streamBody(
  res: BoltRes,
  state: ServerState,
  route: CompiledRoute,
  params: readonly string[],
  method: string,
  path: string,
  query: string,
  headers: Readonly<Record<string, string | undefined>>,
  close: CloseAfter,
): void {
  const stream = new UwsBodyStream(res);
  res.wake = () => stream.fail(new Error('The client closed the connection before the body was complete.'));
  const raw = new StreamedRequest(method, path, query, headers, res, stream);
  const settle = (response: BoltResponse): void => {
    res.wake = undefined;
    if (res.aborted) {
      // Nobody to answer; the response's observer still learns it (and removes the temp files).
      try {
        response.finished?.(true);
      } catch (error) {
        state.log.error({ err: error }, 'bolt: a finished observer threw');
      }
    } else {
      res.cork(() =>
        dispatch(res, state, response, method === 'HEAD', stream.complete ? close : BOLT_CLOSES),
      );
    }
    state.inFlight.end();
  };
  const result = runRoute(state, route, params, raw);
  if (result instanceof Promise) {
    result.then(settle, (error: unknown) => {
      state.log.error({ err: error }, 'bolt: route rejected');
      settle(state.app.errorResponse(500));
    });
  } else settle(result);
}
