/**
 * The one function Rust calls on a JS thread, for every request routed to it: unpack the request
 * head, run the compiled route, hand the answer back. It never throws and always answers.
 */
import { type BoltResponse, type CompiledApp, defaultLogger, type Logger, type RawRequest } from '@bolt/core';
import { DRAIN_EVENT, type NativeDispatch, type WorkerPort } from './native-types.js';
import { type DrainWaiters, writeResponse } from './write-response.js';

const NO_PARAMS: readonly string[] = Object.freeze([]);
const INTERNAL_ERROR_STATUS = 500;

/**
 * Builds the dispatcher for one JS thread. `port()` returns this thread's WorkerPort (known only
 * once the dispatcher is attached).
 */
export function createDispatch(app: CompiledApp, port: () => WorkerPort, log: Logger = defaultLogger()): NativeDispatch {
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

  const dispatch: NativeDispatch = (routeIndex, id, head, body) => {
    if (routeIndex === undefined || id === undefined) return;
    if (routeIndex === DRAIN_EVENT) {
      const wake = waiters.get(id);
      if (wake) {
        waiters.delete(id);
        wake();
      }
      return;
    }
    const route = routes[routeIndex];
    const parts = (head ?? '').split('\0');
    const method = parts[0] ?? 'GET';
    const isHead = method === 'HEAD';
    if (!route) return fail(id, new Error(`unknown route index ${routeIndex}`), isHead);
    const paramCount = route.paramNames.length;
    const params = paramCount === 0 ? NO_PARAMS : parts.slice(3, 3 + paramCount);
    const headers: Record<string, string> = {};
    for (let i = 3 + paramCount; i + 1 < parts.length; i += 2) headers[parts[i] as string] = parts[i + 1] as string;
    const request: RawRequest = { method, path: parts[1] ?? '/', query: parts[2] ?? '', headers, body };
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

  return (routeIndex, id, head, body) => {
    try {
      dispatch(routeIndex, id, head, body);
    } catch (err) {
      if (id !== undefined && routeIndex !== DRAIN_EVENT) fail(id, err, false);
      else log.error({ err }, 'bolt(rust): dispatcher failed');
    }
  };
}
