/**
 * The WebSockets one JS thread accepted. Rust owns the handshake, the frames, pings and the
 * write queue (`native/src/ws.rs`); this side keeps core's session for each socket, by the id of
 * the request that upgraded, and turns the batch's socket records into session calls. Sends go
 * straight to Rust, which answers with the back-pressure state.
 */
import type { Logger } from '@bolt/core';
import type { BoltResponse, SendStatus, WebSocketPeer, WebSocketSession } from '@bolt/core/transport';
import type { WorkerPort } from './native-types.js';

interface Entry {
  readonly session: WebSocketSession;
  /** The 101 answer's `finished`: called once the handshake completed, or did not. */
  readonly finished: ((aborted: boolean) => void) | undefined;
  readonly remoteAddress: string | undefined;
  /** Set by the `o` record: the session is open. */
  opened: boolean;
}

export class NativeSockets {
  readonly #sessions = new Map<number, Entry>();
  readonly #port: () => WorkerPort;
  readonly #log: Logger;

  constructor(port: () => WorkerPort, log: Logger) {
    this.#port = port;
    this.#log = log;
  }

  /** Sockets accepted and not yet closed on this thread. */
  get size(): number {
    return this.#sessions.size;
  }

  /** Request `id` was answered 101 with a session: Rust completes the handshake. */
  accept(
    id: number,
    res: BoltResponse & { upgrade: WebSocketSession },
    remoteAddress: string | undefined,
  ): void {
    const entry: Entry = { session: res.upgrade, finished: res.finished, remoteAddress, opened: false };
    this.#sessions.set(id, entry);
    const headers = res.headers.length === 0 ? '' : res.headers.join('\0');
    if (!this.#port().respondUpgrade(id, headers)) {
      // The client left while the upgrade request was being answered.
      this.#sessions.delete(id);
      this.#finish(entry, true);
    }
  }

  /** `o`: the handshake is done. */
  open(id: number): void {
    const entry = this.#sessions.get(id);
    if (!entry) return;
    entry.opened = true;
    this.#finish(entry, false);
    this.#guard('open', () => entry.session.open(this.#peer(id, entry.remoteAddress)));
  }

  /** `m`/`b`: a complete message. */
  message(id: number, data: string | Uint8Array, isBinary: boolean): void {
    const entry = this.#sessions.get(id);
    if (entry?.opened) this.#guard('message', () => entry.session.message(data, isBinary));
  }

  /** `w`: the queue drained after a send reported back-pressure. */
  drain(id: number): void {
    const entry = this.#sessions.get(id);
    if (entry?.opened) this.#guard('drain', () => entry.session.drain());
  }

  /** `c`: the socket ended (or, before `o`, its handshake never completed). */
  closed(id: number, code: number, reason: string): void {
    const entry = this.#sessions.get(id);
    if (!entry) return;
    this.#sessions.delete(id);
    if (entry.opened) this.#guard('close', () => entry.session.close(code, reason));
    else this.#finish(entry, true);
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

  #finish(entry: Entry, aborted: boolean): void {
    if (entry.finished) this.#guard('finished', () => entry.finished?.(aborted));
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
