/**
 * The one function Rust calls on a JS thread: "a batch is waiting". It takes the batch in one
 * call, runs each request's compiled route (or `app.handle` for a request no route matched) and
 * hands every answer back. It never throws and always answers. The batch format is documented
 * in `native/src/batch.rs`.
 */
import { defaultLogger, type Logger } from '@bolt/core';
import type {
  BoltResponse,
  CompiledApp,
  CompiledRoute,
  RawRequest,
  WebSocketSession,
} from '@bolt/core/transport';
import { MULTIPART_MARK, nativeMultipart } from './native-multipart.js';
import { NativeRequest } from './native-request.js';
import type { NativeDispatch, WorkerPort } from './native-types.js';
import { NativeSockets } from './websocket.js';
import { type Answering, writeResponse } from './write-response.js';

const NO_PARAMS: readonly string[] = Object.freeze([]);
const INTERNAL_ERROR_STATUS = 500;
const DRAIN_RECORD = 'd';
const FINISHED_RECORD = 'f';
const UNMATCHED_ROUTE = '*';
const NO_BODY = '-';
const WS_TEXT = 'm';
const WS_BINARY = 'b';
const WS_DRAIN = 'w';
const WS_CLOSED = 'c';
const CLAIMS_MARK = 'j'.charCodeAt(0);

/**
 * Builds the dispatcher for one JS thread. `port()` returns this thread's WorkerPort (known only
 * once the dispatcher is attached).
 */
export function createDispatch(
  app: CompiledApp,
  port: () => WorkerPort,
  log: Logger = defaultLogger(),
): NativeDispatch {
  const routes = app.routes;
  const answering: Answering = { waiters: new Map(), finishing: new Map(), log };
  const failed = app.errorResponse(INTERNAL_ERROR_STATUS);
  const sockets = new NativeSockets(port, log);

  // Anything thrown out of the dispatcher would reach napi as an uncaught exception and end the
  // process, so every path below catches and answers.
  const answer = (id: number, res: BoltResponse, isHead: boolean, remoteAddress?: string) => {
    try {
      if (res.upgrade && res.status === 101) {
        sockets.accept(id, res as BoltResponse & { upgrade: WebSocketSession }, remoteAddress);
        return;
      }
      writeResponse(port(), id, res, isHead, answering);
    } catch (err) {
      log.error({ err }, 'bolt(rust): the response could not be handed to Rust; answered 500');
      try {
        writeResponse(port(), id, failed, isHead, answering);
      } catch {
        // Rust answers 500 by itself once this request's pending entry is dropped at close.
      }
    }
  };

  const fail = (id: number, err: unknown, isHead: boolean) => {
    log.error({ err }, 'bolt(rust): route failed outside its own error handling; answered 500');
    answer(id, failed, isHead);
  };

  /** Runs `route`, or the whole app (`app.handle`) for a request no route matched in Rust. */
  const run = (
    id: number,
    request: RawRequest,
    route: CompiledRoute | undefined,
    params: readonly string[],
  ) => {
    const isHead = request.method === 'HEAD';
    let result: BoltResponse | Promise<BoltResponse>;
    try {
      result = route ? route.run(params, request) : app.handle(request);
    } catch (err) {
      return fail(id, err, isHead);
    }
    if (result instanceof Promise) {
      result.then(
        (res) => answer(id, res, isHead, request.remoteAddress),
        (err: unknown) => fail(id, err, isHead),
      );
    } else {
      answer(id, result, isHead, request.remoteAddress);
    }
  };

  const drain = (id: number) => {
    const wake = answering.waiters.get(id);
    if (wake) {
      answering.waiters.delete(id);
      wake();
    }
  };

  const finished = (id: number, aborted: boolean) => {
    const done = answering.finishing.get(id);
    if (!done) return;
    answering.finishing.delete(id);
    try {
      done(aborted);
    } catch (err) {
      log.error({ err }, 'bolt(rust): a finished callback threw');
    }
  };

  // The form that verified the claims (@bolt/auth trusts `native.jwt` only from its own form).
  const withForm = (native: Record<string, unknown>, kind: string, method: string, path: string) => {
    const route = Number(kind) < routes.length ? routes[Number(kind)] : app.match(method, path)?.route;
    native.jwtForm = route?.nativeForms.find((form) => form.kind === 'jwt');
    return native;
  };

  const runBatch = (batch: string) => {
    const f = batch.split('\0');
    const end = f.length - 1;
    let bodies: Buffer | undefined;
    let bodyAt = 0;
    let i = 0;
    while (i < end) {
      const kind = f[i] as string;
      const id = Number(f[i + 1]);
      if (kind === DRAIN_RECORD) {
        i += 2;
        drain(id);
        continue;
      }
      if (kind === FINISHED_RECORD) {
        finished(id, f[i + 2] === '1');
        i += 3;
        continue;
      }
      if (kind === WS_TEXT || kind === WS_BINARY) {
        bodies ??= port().takeBodies();
        const end = bodyAt + Number(f[i + 2]);
        const data = kind === WS_TEXT ? bodies.toString('utf8', bodyAt, end) : bodies.subarray(bodyAt, end);
        bodyAt = end;
        i += 3;
        sockets.message(id, data, kind === WS_BINARY);
        continue;
      }
      if (kind === WS_DRAIN) {
        i += 2;
        sockets.drain(id);
        continue;
      }
      if (kind === WS_CLOSED) {
        bodies ??= port().takeBodies();
        const end = bodyAt + Number(f[i + 3]);
        const reason = bodies.toString('utf8', bodyAt, end);
        bodyAt = end;
        sockets.closed(id, Number(f[i + 2]), reason);
        i += 4;
        continue;
      }
      let bodyLen = f[i + 2] as string;
      let native: Record<string, unknown> | undefined;
      if (bodyLen.charCodeAt(0) === CLAIMS_MARK) {
        // `j<n>:<bodyLen>`: the claims of a token Rust verified come first in the bodies.
        const colon = bodyLen.indexOf(':');
        const n = Number(bodyLen.slice(1, colon));
        bodies ??= port().takeBodies();
        native = { jwt: JSON.parse(bodies.toString('utf8', bodyAt, bodyAt + n)) };
        bodyAt += n;
        bodyLen = bodyLen.slice(colon + 1);
      }
      let body: Uint8Array | undefined;
      if (bodyLen !== NO_BODY) {
        bodies ??= port().takeBodies();
        const multipart = bodyLen[0] === MULTIPART_MARK;
        const n = Number(multipart ? bodyLen.slice(1) : bodyLen);
        body = bodies.subarray(bodyAt, bodyAt + n);
        bodyAt += n;
        // Rust parsed this multipart body: the bytes are its result, not the body.
        if (multipart) [body, native] = [undefined, { ...native, multipart: nativeMultipart(body) }];
      }
      const request = new NativeRequest(
        f[i + 3] as string,
        f[i + 4] as string,
        f[i + 5] as string,
        f[i + 6] as string,
        f[i + 7] as string,
        body,
        native && withForm(native, kind, f[i + 3] as string, f[i + 4] as string),
      );
      i += 8;
      // `*`, and the route table's "Bolt routes this one" entries (native-config.ts), go through
      // Bolt's own router.
      if (kind === UNMATCHED_ROUTE || Number(kind) >= routes.length) {
        run(id, request, undefined, NO_PARAMS);
        continue;
      }
      const route = routes[Number(kind)];
      if (!route) {
        fail(id, new Error(`unknown route index ${kind}`), request.method === 'HEAD');
        continue;
      }
      const paramCount = route.paramNames.length;
      const params = paramCount === 0 ? NO_PARAMS : f.slice(i, i + paramCount);
      i += paramCount;
      run(id, request, route, params);
    }
  };

  return () => {
    try {
      runBatch(port().take());
    } catch (err) {
      // Only a malformed batch lands here (a bug): its requests answer 500 when the server closes.
      log.error({ err }, 'bolt(rust): dispatcher failed');
    }
  };
}
