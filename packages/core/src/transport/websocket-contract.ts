/**
 * The WebSocket part of the Transport contract. Bolt decides whether an upgrade is accepted (the
 * route's binding, hooks and dependencies run on the upgrade request like on any request); the
 * engine owns the handshake, frames, pings and back-pressure, and reports what happens on the
 * socket to the session Bolt handed it.
 *
 * How an engine serves a WebSocket route (a `CompiledRoute` with `websocket` set):
 * 1. A GET with `upgrade: websocket` at that route's pattern is `run` like any request, with every
 *    header present.
 * 2. The answer is either an ordinary response (401, 403, 422, 426, ...) written as HTTP, after which
 *    the connection closes, or a 101 answer with `upgrade` set: the engine completes the handshake
 *    (writing the answer's headers, `sec-websocket-protocol` among them), then calls `open` once.
 * 3. Each complete message (fragments joined, UTF-8 of text messages checked by the engine: invalid
 *    text closes with 1007) goes to `message`; a message over `maxPayload` closes with 1009.
 * 4. `drain` when buffered output was flushed after `send` reported back-pressure; `close` exactly
 *    once, however the socket ended (1006 when no close frame came).
 */

/** Limits and timers of one WebSocket route, decided by core. */
export interface WebSocketRouteOptions {
  /** Largest message accepted, in bytes; over it the engine closes with 1009. */
  readonly maxPayload: number;
  /**
   * Seconds without any frame before the engine closes the socket. Engines send pings so that an
   * idle but live peer answers with pongs and stays open. `0` disables it.
   */
  readonly idleTimeout: number;
  /** Bytes of unsent output past which core closes the socket (a slow reader is not buffered without end). */
  readonly maxBackpressure: number;
}

/** What `WebSocketPeer.send` did with a message. */
export const SendStatus = {
  /** Queued because the socket is slow; `drain` follows when the queue is flushed. */
  Buffered: 0,
  /** Handed to the socket. */
  Sent: 1,
  /** Not sent: the socket is closing or closed. */
  Dropped: 2,
} as const;
export type SendStatus = (typeof SendStatus)[keyof typeof SendStatus];

/** The engine's side of one open WebSocket, as core drives it. */
export interface WebSocketPeer {
  /** Sends one message (text for a string, binary for bytes). Never throws. */
  send(data: string | Uint8Array, isBinary: boolean): SendStatus;
  /** Starts the closing handshake with `code` (default 1000) and `reason` (at most 123 bytes). */
  close(code?: number, reason?: string): void;
  /** Drops the connection without a closing handshake. */
  terminate(): void;
  /** Bytes queued and not yet written to the socket. */
  bufferedAmount(): number;
  /** The peer's address, when the engine knows it. */
  readonly remoteAddress?: string;
  /**
   * Present when the engine fans messages out natively within its thread (uWS): core then
   * subscribes the socket through it and publishes with `WebSocketHubHost.publishNative`.
   */
  subscribe?(topic: string): void;
  unsubscribe?(topic: string): void;
}

/** What core does with one accepted WebSocket; the engine calls it. None of these throw. */
export interface WebSocketSession {
  open(peer: WebSocketPeer): void;
  /** A complete message: a string for a text message, bytes (owned by core from now on) for binary. */
  message(data: string | Uint8Array, isBinary: boolean): void;
  /** Buffered output was flushed (after `send` returned `Buffered`). */
  drain(): void;
  /** The socket ended; called once. */
  close(code: number, reason: string): void;
}

/**
 * The app's WebSocket hub as an engine sees it. An engine with native fan-out within a thread
 * (uWS's `app.publish`) registers it; core keeps its in-memory topics otherwise, and relays to other
 * processes through the app's pub/sub adapter either way.
 */
export interface WebSocketHubHost {
  /** Registers the engine's native publish for this thread (uWS: `(topic, data, isBinary) => app.publish(...)`). */
  publishNative(
    publish: ((topic: string, data: string | Uint8Array, isBinary: boolean) => void) | undefined,
  ): void;
  /** Number of sockets open in this process/thread (for shutdown and tests). */
  readonly openCount: number;
  /**
   * Closes every open socket with 1001 once its in-flight message handlers settled; resolves when
   * all are closed or `graceMs` passed (then the rest are terminated). Core calls it on drain;
   * engines await it before they stop.
   */
  closeAll(graceMs?: number): Promise<void>;
}
