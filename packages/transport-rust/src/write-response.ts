/**
 * Hands a BoltResponse back to Rust: one synchronous call for string, bytes, empty and file bodies
 * (Rust reads the file); for an async iterable, chunk by chunk, waiting for Rust's drain event
 * whenever its queue is full.
 */
import type { Logger } from '@bolt/core';
import { type BoltResponse, FileBody } from '@bolt/core/transport';
import { type WorkerPort, WRITE_GONE, WRITE_WAIT } from './native-types.js';

/** Resolvers of writers waiting for Rust to drain their stream, by request id. */
export type DrainWaiters = Map<number, () => void>;

function packHeaders(headers: readonly string[]): string {
  return headers.length === 0 ? '' : headers.join('\0');
}

/** Answers request `id` with `res`. HEAD answers keep the GET body so Rust can report its length. */
export function writeResponse(
  port: WorkerPort,
  id: number,
  res: BoltResponse,
  isHead: boolean,
  waiters: DrainWaiters,
  log: Logger,
): void {
  const body = res.body;
  const headers = packHeaders(res.headers);
  if (typeof body === 'string') port.respondText(id, res.status, headers, body);
  else if (body === null || body === undefined) port.respondEmpty(id, res.status, headers);
  else if (body instanceof Uint8Array) port.respondBytes(id, res.status, headers, body);
  // Also for HEAD: Rust reports the opened file's length and hyper sends no body.
  else if (body instanceof FileBody) port.respondFile(id, res.status, headers, body.path);
  else if (isHead) {
    port.respondEmpty(id, res.status, headers);
    closeQuietly(body);
  } else void pump(port, id, res.status, headers, body, waiters, log);
}

function closeQuietly(body: AsyncIterable<unknown>): void {
  const it = body[Symbol.asyncIterator]();
  it.return?.()?.catch(() => undefined);
}

async function pump(
  port: WorkerPort,
  id: number,
  status: number,
  headers: string,
  body: AsyncIterable<Uint8Array | string>,
  waiters: DrainWaiters,
  log: Logger,
): Promise<void> {
  const it = body[Symbol.asyncIterator]();
  if (!port.startStream(id, status, headers)) {
    await it.return?.()?.catch(() => undefined);
    return;
  }
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
      if (state === WRITE_WAIT) await new Promise<void>((resolve) => waiters.set(id, resolve));
    }
    port.streamEnd(id);
  } catch (err) {
    log.error({ err }, 'bolt(rust): streamed response body failed; connection closed');
    port.streamAbort(id);
  }
}
