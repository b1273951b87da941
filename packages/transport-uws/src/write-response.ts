/**
 * Writes a BoltResponse to a uWS response: status, headers, then the body as one `end` when small,
 * with `tryEnd`/`onWritable` when large, and chunk by chunk with back-pressure when streamed.
 * Callers are corked (inside the route callback or `res.cork`).
 */
import type { BoltResponse } from '@bolt/core/transport';
import { BOLT_CLOSES, type CloseAfter, KEEP_ALIVE } from './connection-close.js';
import { safeResponse } from './safe-response.js';
import { type BoltRes, hookAbort, type ServerState } from './server-state.js';
import { statusLine } from './status-line.js';

/** Bodies up to this size go out with one `end`; larger ones honour back-pressure. */
const SMALL_BODY = 64 * 1024;

/**
 * Writes `response`; `close` says whether the connection ends after it. Returns a promise when the
 * write continues after this call (large or streamed body), resolved once it is done or the client
 * went away; `undefined` when it is complete.
 */
export function writeResponse(
  res: BoltRes,
  unchecked: BoltResponse,
  head: boolean,
  state: ServerState,
  close: CloseAfter,
): Promise<void> | undefined {
  const response = safeResponse(unchecked, state.app, state.log);
  const status = response.status;
  const body = response.body;
  const closing = close !== KEEP_ALIVE;
  if (status === 204 || status === 304) {
    // No body and no length (RFC 9110 sections 6.4.1, 8.6): `endWithoutBody()` is the one uWS end
    // that writes no content-length. It cannot also close; uWS still closes when it flagged the
    // request itself (UWS_CLOSES).
    writeHead(res, response, true);
    res.endWithoutBody();
    if (body !== null && typeof body === 'object' && !(body instanceof Uint8Array)) release(body);
    return undefined;
  }
  if (body !== null && typeof body !== 'string' && !(body instanceof Uint8Array)) {
    return streamBody(res, response, body, head, close, state);
  }
  writeHead(res, response, false);
  if (body === null) {
    if (head) res.endWithoutBody();
    else res.end(undefined, closing);
    return undefined;
  }
  if (head) {
    // uWS 20.30 writes no length with endWithoutBody() and never ends with a reported one: state it here.
    res.writeHeader(
      'content-length',
      `${typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength}`,
    );
    res.endWithoutBody();
    return undefined;
  }
  // A UTF-16 unit is at most 3 UTF-8 bytes: short strings need no byte count.
  if (typeof body === 'string' ? body.length <= SMALL_BODY / 3 : body.byteLength <= SMALL_BODY) {
    res.end(body, closing);
    return undefined;
  }
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  if (bytes.byteLength <= SMALL_BODY) {
    res.end(bytes, closing);
    return undefined;
  }
  // tryEnd cannot ask uWS to close: when only Bolt knows the connection ends, send chunked, whose
  // last `end` can.
  if (close === BOLT_CLOSES) return streamBody(res, response, slices(bytes), false, close, state);
  return sendLarge(res, bytes);
}

/**
 * Status and headers. `bare`: a bodiless status (204, 304) or a chunked stream, which carry no
 * declared length (for a stream, uWS's chunked framing would contradict it).
 */
function writeHead(res: BoltRes, response: BoltResponse, bare: boolean): void {
  // uWS writes "200 OK" itself when no status was written: one native call less on the common path.
  if (response.status !== 200) res.writeStatus(statusLine(response.status));
  const headers = response.headers;
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i]!;
    if (bare && (name === 'content-length' || name === 'transfer-encoding')) continue;
    res.writeHeader(name, headers[i + 1]!);
  }
}

/** Lets a stream that will never be read release what it holds (a file, a cursor). */
function release(body: AsyncIterable<Uint8Array | string>): void {
  try {
    void Promise.resolve(body[Symbol.asyncIterator]().return?.()).catch(() => undefined);
  } catch {
    // A producer that fails while being stopped has nothing left to release.
  }
}

/** A large buffer as 64 KiB views (no copies), for the chunked path. */
async function* slices(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.byteLength; at += SMALL_BODY) yield bytes.subarray(at, at + SMALL_BODY);
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
  close: CloseAfter,
  state: ServerState,
): Promise<void> {
  hookAbort(res);
  const closing = close !== KEEP_ALIVE;
  let started = false;
  let ended = false;
  try {
    const iterator = body[Symbol.asyncIterator]();
    if (head) {
      writeHead(res, response, false);
      res.endWithoutBody();
      ended = true;
      await iterator.return?.();
      return;
    }
    // A declared length (a file's size) goes out as content-length, the chunks through tryEnd;
    // without one uWS frames the chunks with chunked encoding. tryEnd cannot ask uWS to close, so
    // a connection only Bolt knows to close gets the chunked framing, whose last `end` can.
    const total = close === BOLT_CLOSES ? undefined : declaredLength(response.headers);
    let sent = 0;
    for (;;) {
      const next = await iterator.next();
      if (res.aborted) break;
      if (next.done) {
        if (total !== undefined && sent !== total)
          throw new Error(`stream ended at ${sent} of ${total} declared bytes`);
        if (total === undefined || total === 0) {
          res.cork(() => {
            if (!started) writeHead(res, response, true);
            res.end(undefined, closing);
          });
        }
        ended = true;
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
      ended = sent === total;
      if (res.aborted) break;
    }
    await iterator.return?.();
  } catch (error) {
    state.log.error({ err: error }, 'bolt: response stream failed');
    if (res.aborted || ended) return;
    try {
      if (started) {
        res.close(); // the status is already sent: cutting the connection is the only honest signal
        return;
      }
      const fallback = state.app.errorResponse(500);
      res.cork(() => {
        writeHead(res, fallback, false);
        res.end(fallback.body as string, closing);
      });
    } catch {
      // uWS refuses a response that has ended: there is nothing left to tell the client.
    }
  }
}
