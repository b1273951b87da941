/**
 * A request waiting for its body: what the route callback read synchronously, kept until `onData`
 * delivers the last chunk. The only per-request object besides the RawRequest itself.
 */
import type { CompiledRoute, RawRequest } from '@bolt/core';
import { dispatch, reject } from './dispatch.js';
import type { BodySink } from './read-body.js';
import { readBody } from './read-body.js';
import { type BoltRes, hookAbort, type ServerState } from './server-state.js';

/** Starts reading the body of a request Bolt will answer with `route` (or `app.handle` without one). */
export function awaitBody(
  res: BoltRes,
  state: ServerState,
  route: CompiledRoute | undefined,
  params: readonly string[],
  request: Omit<RawRequest, 'body'>,
  limit: number,
  contentLength: number,
): void {
  if (contentLength > limit) {
    reject(res, state, 413); // announced too large: answer before reading a byte
    return;
  }
  hookAbort(res);
  state.inFlight.begin();
  const pending = new PendingBody(state, route, params, request);
  res.wake = () => state.inFlight.end(); // the client left mid-body
  readBody(res, limit, contentLength, pending);
}

class PendingBody implements BodySink {
  constructor(
    private readonly state: ServerState,
    private readonly route: CompiledRoute | undefined,
    private readonly params: readonly string[],
    private readonly request: Omit<RawRequest, 'body'>,
  ) {}

  body(res: BoltRes, body: Uint8Array): void {
    res.wake = undefined;
    const { state, route, request } = this;
    const raw: RawRequest = {
      method: request.method,
      path: request.path,
      query: request.query,
      headers: request.headers,
      body,
    };
    res.cork(() => {
      dispatch(
        res,
        state,
        route ? route.run(this.params, raw) : state.app.handle(raw),
        raw.method === 'HEAD',
      );
    });
    state.inFlight.end();
  }

  tooLarge(res: BoltRes): void {
    res.wake = undefined;
    res.cork(() => reject(res, this.state, 413));
    this.state.inFlight.end();
  }
}
