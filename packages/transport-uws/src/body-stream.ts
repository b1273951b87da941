/**
 * A request body handed to Bolt as it arrives (`RawRequest.bodyStream`, for multipart routes):
 * uWS's `onData` chunks go into a small queue the parser pulls from. When the parser falls behind
 * (temp files are slower than the socket), the queue fills past HIGH_WATER and the response is
 * paused, so uWS stops reading the socket; it resumes once the parser drained it to LOW_WATER.
 * Memory held per upload is therefore bounded by the queue, not by the body.
 */
import { STALL_MS } from './read-body.js';
import type { BoltRes } from './server-state.js';

/** Size of the pieces a chunk is copied into. */
const PIECE = 64 * 1024;
/** Bytes queued before the socket is paused. */
const HIGH_WATER = 512 * 1024;
/** Bytes queued below which a paused socket is resumed. */
const LOW_WATER = 128 * 1024;
/** As in read-body.ts: uWS re-arms its idle timeout after this many bytes; so does Bolt's stall watch. */
const REARM_BYTES = 16 * 1024 * 10;

export class UwsBodyStream implements AsyncIterable<Uint8Array> {
  readonly #res: BoltRes;
  readonly #queue: Buffer[] = [];
  #queued = 0;
  #paused = false;
  #ended = false;
  #stopped = false;
  #error: Error | undefined;
  #wake: (() => void) | undefined;
  #sinceArmed = 0;
  #watch: NodeJS.Timeout;

  /** Starts reading `res`'s body; call it inside the uWS callback. */
  constructor(res: BoltRes) {
    this.#res = res;
    this.#watch = setTimeout(
      () => this.fail(new Error('The body arrived too slowly; send it at 23 KiB/s or more.')),
      STALL_MS,
    );
    res.onData((chunk, isLast) => this.#onData(chunk, isLast));
  }

  /** True once the last byte arrived: the connection can carry another request. */
  get complete(): boolean {
    return this.#ended;
  }

  /** Ends the stream with `error` (the client went away, or the body stalled). */
  fail(error: Error): void {
    clearTimeout(this.#watch);
    if (this.#ended || this.#error) return;
    this.#error = error;
    this.#wakeReader();
  }

  #onData(chunk: ArrayBuffer, isLast: boolean): void {
    if (this.#error) return;
    const size = chunk.byteLength;
    if (isLast) {
      this.#ended = true;
      clearTimeout(this.#watch);
    } else {
      this.#sinceArmed += size;
      if (this.#sinceArmed >= REARM_BYTES) {
        this.#sinceArmed = 0;
        this.#watch.refresh();
      }
    }
    // Bolt stopped reading (it answered already): the rest is dropped, and the connection closed.
    if (this.#stopped) return;
    if (size > 0) {
      // uWS reuses the chunk's memory once this callback returns, so it is copied; in pieces of
      // PIECE bytes, as node:http reads them: uWS hands up to 512 KiB at once, and allocations that
      // large grow the process's RSS more than the same bytes in smaller ones (measured: about
      // 4 MiB against 6 over a 10 MiB upload).
      const view = new Uint8Array(chunk);
      for (let at = 0; at < size; at += PIECE) this.#queue.push(Buffer.from(view.subarray(at, at + PIECE)));
      this.#queued += size;
    }
    if (!this.#ended && !this.#paused && this.#queued >= HIGH_WATER) {
      this.#paused = true;
      clearTimeout(this.#watch); // a paused socket is not stalling
      this.#res.pause();
    }
    this.#wakeReader();
  }

  #wakeReader(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #resumeIfDrained(): void {
    if (!this.#paused || this.#queued > LOW_WATER || this.#res.aborted) return;
    this.#paused = false;
    this.#sinceArmed = 0;
    this.#watch.refresh();
    this.#res.resume();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    try {
      for (;;) {
        const chunk = this.#queue.shift();
        if (chunk !== undefined) {
          this.#queued -= chunk.byteLength;
          this.#resumeIfDrained();
          yield chunk;
          continue;
        }
        if (this.#error) throw this.#error;
        if (this.#ended) return;
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
      }
    } finally {
      // Stopped early (a limit crossed) or done: nothing more is queued.
      if (!this.#ended) this.#stopped = true;
      clearTimeout(this.#watch);
      this.#queue.length = 0;
      this.#queued = 0;
    }
  }
}
