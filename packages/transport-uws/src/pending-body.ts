/**
 * A request waiting for its body: what the route callback read synchronously, kept until `onData`
 * delivers the last chunk: one small record per request that has a body.
 */
import type { CompiledRoute } from '@bolt/core/transport';
import type { CloseAfter } from './connection-close.js';
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
