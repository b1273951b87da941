/**
 * The body of a `file()` response. Every transport can stream it as an async iterable (the file is
 * opened when iteration starts); a transport that sends files itself, off the JavaScript thread
 * (the Rust engine), recognises it with `instanceof` and uses `path` and `size` instead.
 */
import { createReadStream } from 'node:fs';

/** A file on disk sent as a response body; `size` (from `stat`) is its `content-length`. */
export class FileBody implements AsyncIterable<Uint8Array> {
  constructor(
    readonly path: string,
    readonly size: number,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return createReadStream(this.path)[Symbol.asyncIterator]();
  }
}
