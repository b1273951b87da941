/**
 * Hands a BoltResponse back to Rust: one synchronous call for string, bytes, empty and file bodies
 * (Rust reads the file); for an async iterable, chunk by chunk, waiting for Rust's drain event
 * whenever its queue is full.
 *
 * `res.finished` is called exactly once. When the response has one, Rust is asked to report
 * (an `f` record) when hyper has taken the response's last byte into its write buffer, or that
 * the client went away first; a request already gone when the answer arrives is reported at once.
 * "Handed to hyper" is as close to the socket as the bridge sees: hyper may still be writing
 * those bytes to the kernel when `finished(false)` runs.
 */
import type { Logger } from '@bolt/core';
import { type BoltResponse, FileBody } from '@bolt/core/transport';
import { type WorkerPort, WRITE_GONE, WRITE_WAIT } from './native-types.js';

/** What a JS thread keeps about its answers in progress. */
export interface Answering {
  /** Resolvers of writers waiting for Rust to drain their stream, by request id. */
  readonly waiters: Map<number, () => void>;
  /** `finished` callbacks waiting for Rust's report, by request id. */
  readonly finishing: Map<number, (aborted: boolean) => void>;
  readonly log: Logger;
}

function packHeaders(headers: readonly string[]): string {
  return headers.length === 0 ? '' : headers.join('\0');
}

function callQuietly(done: (aborted: boolean) => void, aborted: boolean, log: Logger): void {
  try {
    done(aborted);
  } catch (err) {
    log.error({ err }, 'bolt(rust): a finished callback threw');
  }
}

/** Answers request `id` with `res`. HEAD answers keep the GET body so Rust can report its length. */
export function writeResponse(
  port: WorkerPort,
  id: number,
  res: BoltResponse,
  isHead: boolean,
  answering: Answering,
): void {
  const body = res.body;
  const headers = packHeaders(res.headers);
  const done = res.finished;
  const notify = done !== undefined;
  let delivered: boolean;
  if (typeof body === 'string') delivered = port.respondText(id, res.status, headers, body, notify);
  else if (body === null || body === undefined)
    delivered = port.respondEmpty(id, res.status, headers, notify);
  else if (body instanceof Uint8Array) delivered = port.respondBytes(id, res.status, headers, body, notify);
  // Also for HEAD: Rust reports the opened file's length and hyper sends no body.
  else if (body instanceof FileBody) delivered = port.respondFile(id, res.status, headers, body.path, notify);
  else if (isHead) {
    delivered = port.respondEmpty(id, res.status, headers, notify);
    closeQuietly(body);
  } else {
    void pump(port, id, res, headers, body, answering);
    return;
  }
  if (!done) return;
  if (delivered) answering.finishing.set(id, done);
  else callQuietly(done, true, answering.log);
}

function closeQuietly(body: AsyncIterable<unknown>): void {
  const it = body[Symbol.asyncIterator]();
  it.return?.()?.catch(() => undefined);
}

async function pump(
  port: WorkerPort,
  id: number,
  res: BoltResponse,
  headers: string,
  body: AsyncIterable<Uint8Array | string>,
  answering: Answering,
): Promise<void> {
  const it = body[Symbol.asyncIterator]();
  const done = res.finished;
  if (!port.startStream(id, res.status, headers, done !== undefined)) {
    if (done) callQuietly(done, true, answering.log);
    await it.return?.()?.catch(() => undefined);
    return;
  }
  // From here Rust reports how the stream ended, whatever happens below.
  if (done) answering.finishing.set(id, done);
  try {
    for (;;) {
      const next = await it.next();
      if (next.done) break;
      const chunk = next.value;
      const state = typeof chunk === 'string' ? port.streamWriteText(id, chunk) : port.streamWrite(id, chunk);
      if (state === WRITE_GONE) {
        await it.return?.();
        return;
      }
      // Rust wakes us once its queue has drained (or the client left: the next write says so).
      if (state === WRITE_WAIT) await new Promise<void>((resolve) => answering.waiters.set(id, resolve));
    }
    port.streamEnd(id);
  } catch (err) {
    answering.log.error({ err }, 'bolt(rust): streamed response body failed; connection closed');
    port.streamAbort(id);
  }
}
