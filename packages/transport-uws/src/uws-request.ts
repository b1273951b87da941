/**
 * The RawRequest the uWS transport hands to Bolt: the values copied out of the uWS request, the
 * peer address read from the response only if a handler asks for it, and (with `maxHeaderSize: 0`)
 * headers copied only if a handler reads them. Prototype getters, so requests that never ask pay
 * nothing.
 */
import type { RawRequest } from '@bolt/core/transport';
import type { HttpRequest } from '@trufflesuite/uws-js-unofficial';
import { peerAddress } from './peer-address.js';
import { readHeaders } from './read-headers.js';
import type { BoltRes } from './server-state.js';

type Headers = Readonly<Record<string, string | undefined>>;

const NO_HEADERS: Headers = Object.freeze({});

/** One request as Bolt sees it. */
export class UwsRequest implements RawRequest {
  #res: BoltRes;
  #req: HttpRequest | undefined;
  #headers: Headers | undefined;
  #remoteAddress: string | undefined;

  /**
   * `headers` already copied, or `undefined` with the live `req` to copy them from on first read;
   * the caller then calls {@link UwsRequest.detach} before the uWS callback returns.
   */
  constructor(
    readonly method: string,
    readonly path: string,
    readonly query: string,
    headers: Headers | undefined,
    readonly body: Uint8Array | undefined,
    res: BoltRes,
    req?: HttpRequest,
  ) {
    this.#headers = headers;
    this.#res = res;
    this.#req = req;
  }

  /** Request headers, lower-case names, repeats joined. */
  get headers(): Headers {
    if (this.#headers === undefined) {
      this.#headers = this.#req ? readHeaders(this.#req, 0, Number.POSITIVE_INFINITY)! : NO_HEADERS;
    }
    return this.#headers;
  }

  /**
   * Called before the uWS callback returns: copies the headers out if the request outlives the
   * callback (`keep`), and lets go of the uWS request, which is invalid from then on.
   */
  detach(keep: boolean): void {
    if (keep && this.#headers === undefined) void this.headers;
    this.#req = undefined;
  }

  /** The peer's IP address as text; `undefined` once the client has gone. */
  get remoteAddress(): string | undefined {
    if (this.#remoteAddress !== undefined || this.#res.aborted) return this.#remoteAddress;
    try {
      this.#remoteAddress = peerAddress(this.#res);
    } catch {
      // uWS throws when a finished response is touched: there is no peer to report any more.
    }
    return this.#remoteAddress;
  }
}
