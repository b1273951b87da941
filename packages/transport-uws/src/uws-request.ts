/**
 * The RawRequest the uWS transport hands to Bolt: the values copied out of the uWS request, and the
 * peer address read from the response only if a handler asks for it (a prototype getter, so
 * requests that never ask pay nothing).
 */
import type { RawRequest } from '@bolt/core';
import type { BoltRes } from './server-state.js';

/** One request as Bolt sees it. */
export class UwsRequest implements RawRequest {
  #res: BoltRes;
  #remoteAddress: string | undefined;

  constructor(
    readonly method: string,
    readonly path: string,
    readonly query: string,
    readonly headers: Readonly<Record<string, string | undefined>>,
    readonly body: Uint8Array | undefined,
    res: BoltRes,
  ) {
    this.#res = res;
  }

  /** The peer's IP address as text; `undefined` once the client has gone. */
  get remoteAddress(): string | undefined {
    if (this.#remoteAddress !== undefined || this.#res.aborted) return this.#remoteAddress;
    try {
      this.#remoteAddress = Buffer.from(this.#res.getRemoteAddressAsText()).toString();
    } catch {
      // uWS throws when a finished response is touched: there is no peer to report any more.
    }
    return this.#remoteAddress;
  }
}
