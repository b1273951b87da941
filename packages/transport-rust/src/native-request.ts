/**
 * A request as the dispatcher hands it to core. Every header crosses the bridge in one text
 * field (`name:value` lines, see `native/src/batch.rs`) and is parsed into an object only when
 * something reads `headers`, so routes that read no header pay for none.
 */
import type { RawRequest } from '@bolt/core/transport';

/**
 * Parses a header block; names are lower-case already, repeated names already joined. Scans with
 * `indexOf` instead of `split('\n')`: no array of lines is built only to be cut again.
 */
export function parseHeaderBlock(block: string): Record<string, string> {
  // No prototype: a header named `constructor` or `__proto__` is just a header.
  const headers = Object.create(null) as Record<string, string>;
  const end = block.length;
  let at = 0;
  while (at < end) {
    let eol = block.indexOf('\n', at);
    if (eol === -1) eol = end;
    const colon = block.indexOf(':', at);
    headers[block.slice(at, colon)] = block.slice(colon + 1, eol);
    at = eol + 1;
  }
  return headers;
}

export class NativeRequest implements RawRequest {
  #block: string;
  #headers: Record<string, string> | undefined;

  constructor(
    readonly method: string,
    readonly path: string,
    readonly query: string,
    readonly remoteAddress: string,
    block: string,
    readonly body: Uint8Array | undefined,
    /** What Rust's native forms found (`jwt`: the verified claims), see dispatch.ts. */
    readonly native?: Readonly<Record<string, unknown>>,
  ) {
    this.#block = block;
  }

  get headers(): Record<string, string> {
    if (this.#headers === undefined) {
      this.#headers = parseHeaderBlock(this.#block);
      this.#block = '';
    }
    return this.#headers;
  }
}
