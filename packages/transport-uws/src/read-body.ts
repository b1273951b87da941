/**
 * Collects a request body from uWS's `onData` into one buffer, stopping at the route's limit.
 */
import type { BoltRes } from './server-state.js';

/** What happens once the body is complete, or once it crosses the limit. */
export interface BodySink {
  body(res: BoltRes, body: Uint8Array): void;
  tooLarge(res: BoltRes): void;
}

/**
 * Past this announced size the buffer grows with what arrives instead of being reserved up front,
 * so a client cannot make the server hold megabytes by announcing them and sending nothing.
 */
const PREALLOCATE_UP_TO = 64 * 1024;

/**
 * Reads the body of `res`. With a small `content-length` the buffer is allocated once; other bodies
 * are gathered and joined at the end. uWS reuses chunk memory after each call, so every chunk is
 * copied.
 */
export function readBody(res: BoltRes, limit: number, contentLength: number, sink: BodySink): void {
  let received = 0;
  let finished = false;
  const exact =
    contentLength >= 0 && contentLength <= PREALLOCATE_UP_TO ? Buffer.allocUnsafe(contentLength) : undefined;
  const chunks: Buffer[] = [];
  res.onData((chunk, isLast) => {
    if (finished) return;
    const size = chunk.byteLength;
    if (received + size > limit || (exact !== undefined && received + size > exact.byteLength)) {
      finished = true;
      sink.tooLarge(res);
      return;
    }
    if (exact) exact.set(new Uint8Array(chunk), received);
    else if (size > 0) chunks.push(Buffer.from(new Uint8Array(chunk)));
    received += size;
    if (!isLast) return;
    finished = true;
    sink.body(res, exact ?? (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received)));
  });
}
