/**
 * Writes a BoltResponse to a uWS response: status, headers, then the body as one `end` when small,
 * with `tryEnd`/`onWritable` when large, and chunk by chunk with back-pressure when streamed.
 * Callers are corked (inside the route callback or `res.cork`).
 */
import type { BoltResponse } from '@bolt/core/transport';
import { type BoltRes, hookAbort, type ServerState } from './server-state.js';
import { statusLine } from './status-line.js';

/** Bodies up to this size go out with one `end`; larger ones honour back-pressure. */
const SMALL_BODY = 64 * 1024;

/**
 * Writes `response`. Returns a promise when the write continues after this call (large or streamed
 * body), resolved once it is done or the client went away; `undefined` when it is complete.
 */
export function writeResponse(
  res: BoltRes,
  response: BoltResponse,
  head: boolean,
  state: ServerState,
): Promise<void> | undefined {
  const body = response.body;
  const close = state.draining;
  if (body !== null && typeof body !== 'string' && !(body instanceof Uint8Array)) {
    return streamBody(res, response, body, head, close, state);
  }
  writeHead(res, response, false);
  const status = response.status;
  if (body === null) {
    if (head || status === 204 || status === 304) res.endWithoutBody();
    else res.end(undefined, close);
    return undefined;
  }
  if (head) {
    // uWS 20.30 writes no length with endWithoutBody() and ignores a reported one: state it here.
    res.writeHeader(
      'content-length',
      `${typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength}`,
    );
    res.endWithoutBody();
    return undefined;
  }
  // A UTF-16 unit is at most 3 UTF-8 bytes: short strings need no byte count.
  if (typeof body === 'string' ? body.length <= SMALL_BODY / 3 : body.byteLength <= SMALL_BODY) {
    res.end(body, close);
    return undefined;
  }
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  if (bytes.byteLength <= SMALL_BODY) {
    res.end(bytes, close);
    return undefined;
  }
  return sendLarge(res, bytes);
}

function writeHead(res: BoltRes, response: BoltResponse, streamed: boolean): void {
  // uWS writes "200 OK" itself when no status was written: one native call less on the common path.
  if (response.status !== 200) res.writeStatus(statusLine(response.status));
  const headers = response.headers;
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i]!;
    // uWS frames streamed bodies with chunked encoding itself; a declared length would contradict it.
    if (streamed && name === 'content-length') continue;
    res.writeHeader(name, headers[i + 1]!);
  }
}

/** `tryEnd` as far as the socket takes it, then the rest from `onWritable`: memory stays bounded. */
function sendLarge(res: BoltRes, bytes: Uint8Array): Promise<void> | undefined {
  const total = bytes.byteLength;
  const start = res.getWriteOffset();
  const [, done] = res.tryEnd(bytes, total);
  if (done) return undefined;
  hookAbort(res);
  return finishChunk(res, bytes, start, total);
}

/** `content-length` from a response's headers, when it declares one. */
function declaredLength(headers: readonly string[]): number | undefined {
  for (let i = 0; i < headers.length; i += 2) {
    if (headers[i] === 'content-length') return Number(headers[i + 1]);
  }
  return undefined;
}

/**
 * Sends the rest of `chunk`, which starts at body offset `start` of a `total`-byte body, once the
 * socket takes more (a large body is one chunk). Resolves when all of it is out or the client is gone.
 */
function finishChunk(res: BoltRes, chunk: Uint8Array, start: number, total: number): Promise<void> {
  return new Promise((resolve) => {
    res.wake = resolve;
    res.onWritable((offset) => {
      const [ok, finished] = res.tryEnd(chunk.subarray(offset - start), total);
      if (ok || finished) {
        res.wake = undefined;
        setImmediate(resolve); // see drained()
      }
      return ok;
    });
  });
}

/** Resolves when uWS can take more bytes (or the client is gone). */
function drained(res: BoltRes): Promise<void> {
  return new Promise((resolve) => {
    res.wake = resolve;
    res.onWritable(() => {
      res.wake = undefined;
      // uWS 20.30 does not drain the microtask queue after onWritable: an await resumed from here
      // would wait for some unrelated event. A macrotask resumes it on the next loop turn.
      setImmediate(resolve);
      return true;
    });
  });
}

async function streamBody(
  res: BoltRes,
  response: BoltResponse,
  body: AsyncIterable<Uint8Array | string>,
  head: boolean,
  close: boolean,
  state: ServerState,
): Promise<void> {
  hookAbort(res);
  const iterator = body[Symbol.asyncIterator]();
  if (head) {
    writeHead(res, response, false);
    res.endWithoutBody();
    await iterator.return?.();
    return;
  }
  // A declared length (a file's size) goes out as content-length, the chunks through tryEnd;
  // without one uWS frames the chunks with chunked encoding.
  const total = declaredLength(response.headers);
  let started = false;
  let sent = 0;
  try {
    for (;;) {
      const next = await iterator.next();
      if (res.aborted) break;
      if (next.done) {
        if (total !== undefined && sent !== total)
          throw new Error(`stream ended at ${sent} of ${total} declared bytes`);
        if (total === undefined || total === 0) {
          res.cork(() => {
            if (!started) writeHead(res, response, true);
            res.end(undefined, close);
          });
        }
        return;
      }
      const value = next.value;
      if (value.length === 0) continue;
      let ok = true;
      if (total === undefined) {
        res.cork(() => {
          if (!started) writeHead(res, response, true);
          started = true;
          ok = res.write(value);
        });
        if (!ok) await drained(res);
        continue;
      }
      const bytes = typeof value === 'string' ? Buffer.from(value) : value;
      if (sent + bytes.byteLength > total) throw new Error(`stream exceeds its ${total} declared bytes`);
      res.cork(() => {
        if (!started) writeHead(res, response, true);
        started = true;
        [ok] = res.tryEnd(bytes, total);
      });
      if (!ok) await finishChunk(res, bytes, sent, total);
      sent += bytes.byteLength;
      if (res.aborted) break;
    }
    await iterator.return?.();
  } catch (error) {
    state.log.error({ err: error }, 'bolt: response stream failed');
    if (res.aborted) return;
    if (started) {
      res.close(); // the status is already sent: cutting the connection is the only honest signal
      return;
    }
    const fallback = state.app.errorResponse(500);
    res.cork(() => {
      writeHead(res, fallback, false);
      res.end(fallback.body as string, close);
    });
  }
}
