/**
 * A node:http request listener for a Bolt app. Plugs into `http.createServer`, and mounts inside an
 * existing Express or Fastify service under a prefix.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BoltAPI } from '../api/bolt-api.js';
import { errorResponse } from '../http/error-response.js';
import type { BoltResponse, CompiledApp, RawRequest } from '../transport/contract.js';
import { readBody } from './read-body.js';
import { writeResponse } from './write-response.js';

/** Options of {@link toNodeListener}. */
export interface NodeListenerOptions {
  /**
   * A path prefix to strip before routing, for frameworks that pass the full URL (Fastify's
   * `req.raw`). Express's `app.use('/prefix', ...)` strips it already. Default none.
   */
  prefix?: string;
  /** Called when a response is done; the node transport counts in-flight requests with it. */
  onSettled?: () => void;
}

/** Listener shape of node:http, Express and Connect (`next` is called for paths Bolt does not serve). */
export type NodeListener = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => void;

function isBoltAPI(value: BoltAPI | CompiledApp): value is BoltAPI {
  return typeof (value as BoltAPI).compile === 'function';
}

function isThenable<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as Promise<T>)?.then === 'function';
}

/**
 * Returns a node:http listener serving `app`.
 *
 * @example
 * http.createServer(toNodeListener(api)).listen(8000);
 * expressApp.use('/bolt', toNodeListener(api));          // unmatched paths fall through to next()
 */
export function toNodeListener(app: BoltAPI | CompiledApp, options: NodeListenerOptions = {}): NodeListener {
  const compiled = isBoltAPI(app) ? app.compile() : app;
  const prefix = options.prefix?.replace(/\/$/, '') ?? '';
  const onSettled = options.onSettled;

  return (req, res, next) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    let path = q === -1 ? url : url.slice(0, q);
    if (prefix && path.startsWith(prefix)) path = path.slice(prefix.length) || '/';
    const method = req.method ?? 'GET';
    const matched = compiled.match(method, path);
    if (!matched && next) {
      next();
      return;
    }
    const raw: Omit<RawRequest, 'body'> & { body: Uint8Array | undefined } = {
      method,
      path,
      query: q === -1 ? '' : url.slice(q + 1),
      headers: req.headers as Record<string, string | undefined>,
      body: undefined,
      remoteAddress: req.socket.remoteAddress,
    };
    const finish = (response: BoltResponse, close = false) => {
      if (res.headersSent || res.destroyed) {
        onSettled?.();
        return;
      }
      const written = writeResponse(res, response, close ? ['connection', 'close'] : undefined);
      if (onSettled) {
        if (isThenable(written)) written.then(onSettled, onSettled);
        else onSettled();
      }
    };
    const dispatch = (body: Uint8Array | undefined | 'too-large') => {
      if (body === 'too-large') {
        // The rest of the body is not read: answer and close so the connection is not reused mid-body.
        finish(errorResponse(413), true);
        return;
      }
      raw.body = body;
      const response = compiled.handle(raw);
      if (isThenable(response)) response.then((r) => finish(r));
      else finish(response);
    };
    const body = readBody(req, matched?.route.bodyLimit ?? compiled.bodyLimit);
    if (isThenable(body)) {
      body.then(dispatch, () => {
        // The client went away or sent a broken chunked body.
        finish(errorResponse(400), true);
      });
    } else dispatch(body);
  };
}
