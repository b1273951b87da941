/**
 * Writes a BoltResponse to a uWS response: status, headers, then the body as one `end` when small,
 * with `tryEnd`/`onWritable` when large, and chunk by chunk with back-pressure when streamed.
 * Callers are corked (inside the route callback or `res.cork`).
 */
import type { BoltResponse } from '@bolt/core/transport';
import { BOLT_CLOSES, type CloseAfter, KEEP_ALIVE, UWS_CLOSES } from './connection-close.js';
import { safeResponse } from './safe-response.js';
import { type BoltRes, hookAbort, type ServerState } from './server-state.js';
import { statusLine } from './status-line.js';

/** Bodies up to this size go out with one `end`; larger ones honour back-pressure. */
const SMALL_BODY = 64 * 1024;
/** What a stream's next chunk is taken to be once the client has gone. */
const GONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * Writes `response`; `close` says whether the connection ends after it. Returns a promise when the
 * write continues after this call (large or streamed body), resolved once it is done or the client
 * went away; `undefined` when it is complete.
 *
 * How uWS 20.30 can close: when it flagged the request itself (UWS_CLOSES) it closes after any
 * end. Otherwise only `end(body, true)` on a response that has not started its body asks it to
 * (it then writes `Connection: close` itself); `tryEnd` and `endWithoutBody` take no such flag, and
 * on a chunked body the flag writes its header into the body. So a response Bolt alone must close
 * that has no body (HEAD, 204, 304) or is streamed announces `connection: close` and leaves the
 * close to the client (or to the end of a drain).
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
  // uWS never writes `Connection: close` for a request it flagged itself: say so here.
  const announce = close === UWS_CLOSES;
  if (status === 204 || status === 304) {
    // No body and no length (RFC 9110 sections 6.4.1, 8.6): `endWithoutBody()` is the one uWS end
    // that writes no content-length.
    writeHead(res, response, true, close !== KEEP_ALIVE);
    res.endWithoutBody();
    if (body !== null && typeof body === 'object' && !(body instanceof Uint8Array)) release(body);
    return undefined;
  }
  if (body !== null && typeof body !== 'string' && !(body instanceof Uint8Array)) {
    return streamBody(res, response, body, head, close, state);
  }
  if (head) {
    writeHead(res, response, false, close !== KEEP_ALIVE);
    // uWS 20.30 writes no length with endWithoutBody() and never ends with a reported one: state it here.
    if (body !== null) res.writeHeader('content-length', `${byteLength(body)}`);
    res.endWithoutBody();
    return undefined;
  }
  writeHead(res, response, false, announce);
  const closing = close !== KEEP_ALIVE;
  if (body === null) {
    res.end(undefined, closing);
    return undefined;
  }
  // A UTF-16 unit is at most 3 UTF-8 bytes: short strings need no byte count.
  if (typeof body === 'string' ? body.length <= SMALL_BODY / 3 : body.byteLength <= SMALL_BODY) {
    res.end(body, closing);
    return undefined;
  }
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  // tryEnd cannot ask uWS to close: a large body Bolt alone must close goes out with one `end`,
  // and uWS holds what the socket does not take yet (one copy of that part of the body).
  if (bytes.byteLength <= SMALL_BODY || close === BOLT_CLOSES) {
    res.end(bytes, closing);
    return undefined;
  }
  return sendLarge(res, bytes);
}

/**
 * Status and headers. `bare`: a bodiless status (204, 304) or a chunked stream, which carry no
 * declared length (for a stream, uWS's chunked framing would contradict it). `announceClose`
 * adds `connection: close` where uWS will not write it.
 *
 * The header lines go to uWS in one `writeHeader` call: uWS writes `name: value\r\n` as given, so
 * a value that carries the following `\r\nname: value` pairs puts the same bytes on the wire, and
 * each native call saved is ~0.4 µs (an app with CORS and security headers writes a dozen lines).
 * safeResponse has refused names that are not tokens and values with CR, LF or NUL, so the only
 * line breaks in the block are the ones joined here.
 */
function writeHead(res: BoltRes, response: BoltResponse, bare: boolean, announceClose: boolean): void {
  // uWS writes "200 OK" itself when no status was written: one native call less on the common path.
  if (response.status !== 200) res.writeStatus(statusLine(response.status));
  const headers = response.headers;
  let first: string | undefined;
  let rest = '';
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i]!;
    if (bare && (name === 'content-length' || name === 'transfer-encoding')) continue;
    if (announceClose && name === 'connection') continue;
    if (first === undefined) {
      first = name;
      rest = headers[i + 1]!;
    } else {
      rest += `\r\n${name}: ${headers[i + 1]!}`;
    }
  }
  if (announceClose) {
    if (first === undefined) {
      first = 'connection';
      rest = 'close';
    } else {
      rest += '\r\nconnection: close';
    }
  }
  if (first !== undefined) res.writeHeader(first, rest);
}

function byteLength(body: string | Uint8Array): number {
  return typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
}

/** Lets a stream that will never be read release what it holds (a file, a cursor). */
function release(body: AsyncIterable<Uint8Array | string>): void {
  try {
    void Promise.resolve(body[Symbol.asyncIterator]().return?.()).catch(() => undefined);
  } catch {
    // A producer that fails while being stopped has nothing left to release.
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
  close: CloseAfter,
  state: ServerState,
): Promise<void> {
  hookAbort(res);
  // A stream cannot end with uWS's close flag (see writeResponse): announce the close instead.
  const announce = close !== KEEP_ALIVE;
  let started = false;
  let ended = false;
  try {
    const iterator = body[Symbol.asyncIterator]();
    if (head) {
      writeHead(res, response, false, announce);
      res.endWithoutBody();
      ended = true;
      await iterator.return?.();
      return;
    }
    // A declared length (a file's size) goes out as content-length, the chunks through tryEnd;
    // without one uWS frames the chunks with chunked encoding.
    const total = declaredLength(response.headers);
    // A producer may wait long for its next chunk (server-sent events): the abort must not wait
    // for it, or the exchange is reported late and a drain waits on a client that is gone.
    let signalGone!: () => void;
    const gone = new Promise<IteratorReturnResult<undefined>>((resolve) => {
      signalGone = () => resolve({ done: true, value: undefined });
    });
    let sent = 0;
    for (;;) {
      res.wake = signalGone;
      // The client may also have left while a write waited for the socket (drained, finishChunk).
      const next = res.aborted ? GONE : await Promise.race([iterator.next(), gone]);
      res.wake = undefined;
      if (res.aborted) {
        // Not awaited: a generator suspended in an await finishes its return() only when it resumes.
        void Promise.resolve(iterator.return?.()).catch(() => undefined);
        return;
      }
      if (next.done) {
        if (total !== undefined && sent !== total)
          throw new Error(`stream ended at ${sent} of ${total} declared bytes`);
        if (total === undefined || total === 0) {
          res.cork(() => {
            // Nothing written yet: one `end` with uWS's own length and close; else the last chunk.
            if (started) res.end();
            else {
              writeHead(res, response, true, close === UWS_CLOSES);
              res.end(undefined, close !== KEEP_ALIVE);
            }
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
          if (!started) writeHead(res, response, true, announce);
          started = true;
          ok = res.write(value);
        });
        if (!ok) await drained(res);
        continue;
      }
      const bytes = typeof value === 'string' ? Buffer.from(value) : value;
      if (sent + bytes.byteLength > total) throw new Error(`stream exceeds its ${total} declared bytes`);
      res.cork(() => {
        if (!started) writeHead(res, response, true, announce);
        started = true;
        [ok] = res.tryEnd(bytes, total);
      });
      if (!ok) await finishChunk(res, bytes, sent, total);
      sent += bytes.byteLength;
      ended = sent === total;
      if (res.aborted) {
        void Promise.resolve(iterator.return?.()).catch(() => undefined);
        return;
      }
    }
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
        writeHead(res, fallback, false, close === UWS_CLOSES);
        res.end(fallback.body as string, close !== KEEP_ALIVE);
      });
    } catch {
      // uWS refuses a response that has ended: there is nothing left to tell the client.
    }
  }
}
