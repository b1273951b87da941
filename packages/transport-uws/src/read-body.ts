/**
 * Collects a request body from uWS's `onData` into one buffer, stopping at the route's limit, and
 * answers 408 before uWS would drop a body that arrives too slowly.
 */
import type { BoltRes } from './server-state.js';

/** What happens once the body is complete, crosses the limit, or stalls. */
export interface BodySink {
  body(res: BoltRes, body: Uint8Array): void;
  tooLarge(res: BoltRes): void;
  /** The body arrived too slowly (see STALL_MS); not called once the client has gone. */
  stalled(res: BoltRes): void;
}

/**
 * uWS 20.30 re-arms its 10 s idle timeout each time this many body bytes have arrived since it was
 * last armed (16 KiB/s over 10 s, HttpContext.h); a slower body is closed with no answer.
 */
const UWS_REARM_BYTES = 16 * 1024 * 10;
/**
 * uSockets counts that timeout in 4 s ticks, so it fires 8 to 12 s after it is armed: Bolt's own
 * watch, re-armed on the same bytes, answers 408 first. A body then has to arrive at about
 * 23 KiB/s at least (160 KiB per 7 s), or at once.
 */
export const STALL_MS = 7000;

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
  let sinceArmed = 0;
  const watch = setTimeout(() => {
    if (finished || res.aborted) return;
    finished = true;
    sink.stalled(res);
  }, STALL_MS);
  res.onData((chunk, isLast) => {
    if (finished) return;
    const size = chunk.byteLength;
    if (received + size > limit || (exact !== undefined && received + size > exact.byteLength)) {
      finished = true;
      clearTimeout(watch);
      sink.tooLarge(res);
      return;
    }
    if (exact) exact.set(new Uint8Array(chunk), received);
    else if (size > 0) chunks.push(Buffer.from(new Uint8Array(chunk)));
    received += size;
    if (!isLast) {
      sinceArmed += size;
      if (sinceArmed >= UWS_REARM_BYTES) {
        sinceArmed = 0;
        watch.refresh();
      }
      return;
    }
    finished = true;
    clearTimeout(watch);
    sink.body(res, exact ?? (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received)));
  });
}
