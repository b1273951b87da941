/**
 * The one function Rust calls on a JS thread: "a batch is waiting". It takes the batch in one
 * call, runs each request's compiled route and hands every answer back. It never throws and
 * always answers. The batch format is documented in `native/src/batch.rs`.
 */
import { defaultLogger, type Logger } from '@bolt/core';
import type { BoltResponse, CompiledApp, RawRequest } from '@bolt/core/transport';
import type { NativeDispatch, WorkerPort } from './native-types.js';
import { type DrainWaiters, writeResponse } from './write-response.js';

const NO_PARAMS: readonly string[] = Object.freeze([]);
const INTERNAL_ERROR_STATUS = 500;
const DRAIN_RECORD = 'd';
const NO_BODY = '-';

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
  const waiters: DrainWaiters = new Map();
  const failed = app.errorResponse(INTERNAL_ERROR_STATUS);

  // Anything thrown out of the dispatcher would reach napi as an uncaught exception and end the
  // process, so every path below catches and answers.
  const answer = (id: number, res: BoltResponse, isHead: boolean) => {
    try {
      writeResponse(port(), id, res, isHead, waiters, log);
    } catch (err) {
      log.error({ err }, 'bolt(rust): the response could not be handed to Rust; answered 500');
      try {
        writeResponse(port(), id, failed, isHead, waiters, log);
      } catch {
        // Rust answers 500 by itself once this request's pending entry is dropped at close.
      }
    }
  };

  const fail = (id: number, err: unknown, isHead: boolean) => {
    log.error({ err }, 'bolt(rust): route failed outside its own error handling; answered 500');
    answer(id, failed, isHead);
  };

  const run = (routeIndex: number, id: number, request: RawRequest, params: readonly string[]) => {
    const isHead = request.method === 'HEAD';
    const route = routes[routeIndex];
    if (!route) return fail(id, new Error(`unknown route index ${routeIndex}`), isHead);
    let result: BoltResponse | Promise<BoltResponse>;
    try {
      result = route.run(params, request);
    } catch (err) {
      return fail(id, err, isHead);
    }
    if (result instanceof Promise) {
      result.then(
        (res) => answer(id, res, isHead),
        (err: unknown) => fail(id, err, isHead),
      );
    } else {
      answer(id, result, isHead);
    }
  };

  const drain = (id: number) => {
    const wake = waiters.get(id);
    if (wake) {
      waiters.delete(id);
      wake();
    }
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
      const routeIndex = Number(kind);
      const bodyLen = f[i + 2] as string;
      let body: Uint8Array | undefined;
      if (bodyLen !== NO_BODY) {
        bodies ??= port().takeBodies();
        const n = Number(bodyLen);
        body = bodies.subarray(bodyAt, bodyAt + n);
        bodyAt += n;
      }
      const method = f[i + 3] as string;
      const path = f[i + 4] as string;
      const query = f[i + 5] as string;
      i += 6;
      const paramCount = routes[routeIndex]?.paramNames.length ?? 0;
      const params = paramCount === 0 ? NO_PARAMS : f.slice(i, i + paramCount);
      i += paramCount;
      const headerCount = Number(f[i]);
      i++;
      const headers: Record<string, string> = {};
      for (let h = 0; h < headerCount; h++, i += 2) headers[f[i] as string] = f[i + 1] as string;
      run(routeIndex, id, { method, path, query, headers, body }, params);
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
