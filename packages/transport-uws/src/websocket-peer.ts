/**
 * The WebSocketPeer core drives, over one uWS WebSocket. A uWS WebSocket throws on any use after its
 * close handler ran, and a throw inside a uWS callback ends the process: every method checks the
 * socket's own `closed` flag first and never throws.
 */
import { SendStatus, type WebSocketPeer, type WebSocketSession } from '@bolt/core/transport';
import type { WebSocket } from '@trufflesuite/uws-js-unofficial';

/** What Bolt keeps on each uWS WebSocket (uWS's user data, set by `res.upgrade`). */
export interface SocketData {
  readonly session: WebSocketSession;
  /** The route's `maxPayload`: uWS's own bound is higher (see websocket-limits.ts). */
  readonly maxPayload: number;
  readonly remoteAddress: string | undefined;
  /** Set when uWS called the close handler: the WebSocket must not be touched from then on. */
  closed: boolean;
}

export type UwsSocket = WebSocket<SocketData>;

export class UwsPeer implements WebSocketPeer {
  readonly #ws: UwsSocket;
  readonly #data: SocketData;
  readonly remoteAddress: string | undefined;

  constructor(ws: UwsSocket, data: SocketData) {
    this.#ws = ws;
    this.#data = data;
    this.remoteAddress = data.remoteAddress;
  }

  send(data: string | Uint8Array, isBinary: boolean): SendStatus {
    if (this.#data.closed) return SendStatus.Dropped;
    try {
      // uWS answers with the same numbers as SendStatus: 0 back-pressure, 1 sent, 2 dropped.
      const status = this.#ws.send(data, isBinary) as SendStatus;
      // Dropped on an open socket means uWS's maxBackpressure was passed: a reader that slow is
      // disconnected, never left open with its messages silently lost.
      if (status === SendStatus.Dropped) this.terminate();
      return status;
    } catch {
      return SendStatus.Dropped;
    }
  }

  close(code = 1000, reason = ''): void {
    if (this.#data.closed) return;
    try {
      this.#ws.end(code, reason);
    } catch {
      // closed meanwhile: nothing to close
    }
  }

  terminate(): void {
    if (this.#data.closed) return;
    try {
      this.#ws.close();
    } catch {
      // closed meanwhile
    }
  }

  bufferedAmount(): number {
    if (this.#data.closed) return 0;
    try {
      return this.#ws.getBufferedAmount();
    } catch {
      return 0;
    }
  }

  subscribe(topic: string): void {
    if (this.#data.closed) return;
    try {
      this.#ws.subscribe(topic);
    } catch {
      // closed meanwhile
    }
  }

  unsubscribe(topic: string): void {
    if (this.#data.closed) return;
    try {
      this.#ws.unsubscribe(topic);
    } catch {
      // closed meanwhile
    }
  }
}
