/**
 * The WebSockets one JS thread accepted. Rust owns the handshake, the frames, pings and the
 * write queue (`native/src/ws.rs`); this side keeps core's session for each socket, by the id of
 * the request that upgraded, and turns the batch's socket records into session calls. Sends go
 * straight to Rust, which answers with the back-pressure state.
 */
import type { Logger } from '@bolt/core';
import type { BoltResponse, SendStatus, WebSocketPeer, WebSocketSession } from '@bolt/core/transport';
import type { WorkerPort } from './native-types.js';

export class NativeSockets {
  readonly #sessions = new Map<number, WebSocketSession>();
  readonly #port: () => WorkerPort;
  readonly #log: Logger;

  constructor(port: () => WorkerPort, log: Logger) {
    this.#port = port;
    this.#log = log;
  }

  /**
   * Request `id` was answered 101 with a session. The socket exists from here on (sends and
   * closes queue in Rust until the handshake is written), so the session opens at once: a drain
   * that starts now already counts it, as on node:http where `open` runs as the 101 is written.
   */
  accept(
    id: number,
    res: BoltResponse & { upgrade: WebSocketSession },
    remoteAddress: string | undefined,
  ): void {
    const headers = res.headers.length === 0 ? '' : res.headers.join('\0');
    const delivered = this.#port().respondUpgrade(id, headers);
    if (res.finished) {
      const finished = res.finished;
      this.#guard('finished', () => finished(!delivered));
    }
    // The client left while the upgrade request was being answered: no socket, no session.
    if (!delivered) return;
    const session = res.upgrade;
    this.#sessions.set(id, session);
    this.#guard('open', () => session.open(this.#peer(id, remoteAddress)));
  }

  /** `m`/`b`: a complete message. */
  message(id: number, data: string | Uint8Array, isBinary: boolean): void {
    const session = this.#sessions.get(id);
    if (!session) return;
    // The hot path: no closure per message.
    try {
      session.message(data, isBinary);
    } catch (err) {
      this.#log.error({ err }, 'bolt(rust): a WebSocket message callback threw');
    }
  }

  /** `w`: the queue drained after a send reported back-pressure. */
  drain(id: number): void {
    const session = this.#sessions.get(id);
    if (session) this.#guard('drain', () => session.drain());
  }

  /** `c`: the socket ended (1006 too when the client left before the handshake was written). */
  closed(id: number, code: number, reason: string): void {
    const session = this.#sessions.get(id);
    if (!session) return;
    this.#sessions.delete(id);
    this.#guard('close', () => session.close(code, reason));
  }

  /** Rust's send answers are core's `SendStatus` numbers (`SEND_*` in `native/src/ws.rs`). */
  #peer(id: number, remoteAddress: string | undefined): WebSocketPeer {
    const port = this.#port();
    return {
      send(data, isBinary) {
        if (typeof data !== 'string') return port.wsSendBytes(id, data, isBinary) as SendStatus;
        return (
          isBinary ? port.wsSendBytes(id, Buffer.from(data), true) : port.wsSendText(id, data)
        ) as SendStatus;
      },
      close: (code = 1000, reason = '') => port.wsClose(id, code, reason),
      terminate: () => port.wsTerminate(id),
      bufferedAmount: () => port.wsBuffered(id),
      remoteAddress,
    };
  }

  /** Core's session calls do not throw; should one, the rest of the batch still runs. */
  #guard(what: string, run: () => void): void {
    try {
      run();
    } catch (err) {
      this.#log.error({ err }, `bolt(rust): a WebSocket ${what} callback threw`);
    }
  }
}
