/**
 * A node:http request listener for a Bolt app. Plugs into `http.createServer`, and mounts inside an
 * existing Express or Fastify service under a prefix.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BoltAPI } from '../api/bolt-api.js';
import { isMultipartContentType } from '../forms/content-type.js';
import { errorResponse } from '../http/error-response.js';
import { defaultLogger, type Logger } from '../log/logger.js';
import type { BoltResponse, CompiledApp, RawRequest } from '../transport/contract.js';
import { type BodyRead, readBody, streamBody } from './read-body.js';
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
  /** Where refused responses and unusable bodies are logged. Default: Bolt's logger. */
  logger?: Logger;
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

/**
 * A request whose framing a proxy in front may have read differently: Transfer-Encoding on HTTP/1.0,
 * or beside Content-Length. RFC 9112 sections 6.1 and 6.3 require closing the connection after the
 * answer, so bytes after it can never be taken for another request.
 */
function framingSuspect(req: IncomingMessage): boolean {
  const te = req.headers['transfer-encoding'];
  if (te === undefined) return false;
  return req.httpVersionMinor === 0 || req.headers['content-length'] !== undefined;
}

/** Tells the response's `finished` observer, exactly once, whether the last byte went out. */
function observe(res: ServerResponse, finished: (aborted: boolean) => void): void {
  let told = false;
  const tell = (aborted: boolean) => {
    if (told) return;
    told = true;
    finished(aborted);
  };
  res.once('finish', () => tell(false));
  res.once('close', () => tell(!res.writableFinished));
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
  const log = options.logger ?? defaultLogger();

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
    const raw: Omit<RawRequest, 'body' | 'bodyStream'> & {
      body: Uint8Array | undefined;
      bodyStream?: AsyncIterable<Uint8Array>;
    } = {
      method,
      path,
      query: q === -1 ? '' : url.slice(q + 1),
      headers: req.headers as Record<string, string | undefined>,
      body: undefined,
      remoteAddress: req.socket.remoteAddress,
    };
    // node:http may already have parsed the bytes after a suspect body as a request of its own: on
    // that connection nothing after the suspect request is served.
    if (closingSockets.has(req.socket)) {
      // Left unanswered: the answer before it closes the connection (destroying it now could cut
      // that answer short).
      onSettled?.();
      return;
    }
    const suspect = framingSuspect(req);
    if (suspect) closingSockets.add(req.socket);
    const finish = (response: BoltResponse, close = false) => {
      if (res.headersSent || res.destroyed) {
        response.finished?.(true);
        onSettled?.();
        return;
      }
      if (response.finished) observe(res, response.finished);
      const written = writeResponse(res, response, close || suspect ? CLOSE : undefined, log);
      if (onSettled) {
        if (isThenable(written)) written.then(onSettled, onSettled);
        else onSettled();
      }
    };
    const dispatch = (body: BodyRead) => {
      if (body === 'too-large') {
        // The rest of the body is not read: answer and close so the connection is not reused mid-body.
        finish(errorResponse(413), true);
        return;
      }
      if (body !== undefined && !(body instanceof Uint8Array)) {
        log.error(
          { method, path },
          `bolt: the request body is unusable (${body.unusable}). Mounted in a framework that parses bodies, ` +
            'hand Bolt the parsed body as req.body (see "Mounting in Express or Fastify" in @bolt/core\'s README).',
        );
        finish(errorResponse(500));
        return;
      }
      raw.body = body;
      const response = compiled.handle(raw);
      if (isThenable(response)) response.then((r) => finish(r));
      else finish(response);
    };
    const route = matched?.route;
    if (route?.multipart && isMultipartContentType(req.headers['content-type']) && !req.readableEnded) {
      // Streamed to core's parser, never held whole; the limits are enforced as it arrives.
      if (Number(req.headers['content-length']) > route.bodyLimit) {
        finish(errorResponse(413), true);
        return;
      }
      raw.bodyStream = streamBody(req);
      // Answered before the body was read to its end (a limit crossed, a hook refused): the rest
      // is never read, so the connection cannot carry another request.
      const settle = (response: BoltResponse) => finish(response, !req.complete);
      const response = compiled.handle(raw);
      if (isThenable(response)) response.then(settle);
      else settle(response);
      return;
    }
    const body = readBody(req, route?.bodyLimit ?? compiled.bodyLimit);
    if (isThenable(body)) {
      body.then(dispatch, () => {
        // The client went away or sent a broken chunked body.
        finish(errorResponse(400), true);
      });
    } else dispatch(body);
  };
}

const CLOSE: readonly string[] = ['connection', 'close'];

/** Connections that carried a request with suspect framing: closed after its answer. */
const closingSockets = new WeakSet<object>();
