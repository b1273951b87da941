/**
 * What a WebSocket route declares and what its handlers receive, typed from the path and the
 * route's schemas like an HTTP route: the upgrade request is bound (params, query, headers,
 * cookies, deps) before the handshake, and messages are typed by the `message` schema.
 */
import type { Static, TSchema } from '@bolt/schema';
import type { HandlerContext, RouteOptions } from '../api/route-types.js';

/** The HTTP route options that apply to the upgrade request (no body, no response model). */
type UpgradeOptions<Path extends string> = Omit<
  RouteOptions<Path>,
  'body' | 'response' | 'status' | 'bodyLimit' | 'compress' | 'serializeUnlisted' | 'validateResponse'
>;

/** Options of `api.ws(path, options, handlers)`. */
export interface WebSocketOptions<Path extends string = string> extends UpgradeOptions<Path> {
  /** JSON messages: each text message is parsed and validated; the handler gets the typed value. */
  message?: TSchema;
  /**
   * What an invalid message (not JSON, failing `message`, or binary when a schema is set) gets:
   * `close` closes with 1007 and the reason; `error` answers `{"type":"error","detail":[...]}` and
   * keeps the socket open. Default `close`.
   */
  onInvalidMessage?: 'close' | 'error';
  /** Subprotocols the route speaks, preferred first; the first one the client offers is chosen. */
  protocols?: readonly string[];
  /** Largest message in bytes; over it the socket is closed with 1009. Default 1 MiB. */
  maxPayload?: number;
  /** Seconds of silence before the socket is closed; pings keep a live peer open. Default 120; 0 disables. */
  idleTimeout?: number;
  /** Unsent bytes past which a slow reader is disconnected. Default 1 MiB. */
  maxBackpressure?: number;
}

/** What `send` did: handed to the socket, queued behind a slow reader (`drain` follows), or dropped (closed). */
export type SendOutcome = 'sent' | 'buffered' | 'dropped';

/** One open WebSocket, typed from its route. */
export interface BoltWebSocket<
  Path extends string = string,
  O extends WebSocketOptions<Path> = WebSocketOptions<Path>,
> {
  /** The upgrade request's bound context: params, query, headers, cookies, deps, request, log. */
  readonly ctx: HandlerContext<Path, O>;
  /** The chosen subprotocol, if any. */
  readonly protocol: string | undefined;
  /** Free-form state of this socket (shared with the upgrade's hooks as `request.state`). */
  readonly data: Record<string, unknown>;
  readonly remoteAddress: string | undefined;
  /** Sends a text (string) or binary (bytes) message. */
  send(data: string | Uint8Array | ArrayBuffer): SendOutcome;
  /** Sends `JSON.stringify(value)` as a text message. */
  sendJson(value: unknown): SendOutcome;
  /** Closes with `code` (default 1000) and `reason`. */
  close(code?: number, reason?: string): void;
  /** Receives what is published to `topic`, in this process and (with a pub/sub adapter) in every other. */
  subscribe(topic: string): void;
  unsubscribe(topic: string): void;
  isSubscribed(topic: string): boolean;
  /** Publishes to every subscriber of `topic` (this socket too, when subscribed), in every process. */
  publish(topic: string, data: string | Uint8Array): void;
  /** Bytes queued for this socket and not yet written. */
  readonly bufferedAmount: number;
}

/** A message as the handler receives it: typed JSON with a `message` schema, else text or bytes. */
export type MessageOf<O> = O extends { message: infer S extends TSchema } ? Static<S> : string | Uint8Array;

type Maybe<T> = T | Promise<T>;

/** The handlers of a WebSocket route; each is optional, sync or async. */
export interface WebSocketHandlers<Path extends string, O extends WebSocketOptions<Path>> {
  open?(ws: BoltWebSocket<Path, O>): Maybe<unknown>;
  message?(ws: BoltWebSocket<Path, O>, message: MessageOf<O>, isBinary: boolean): Maybe<unknown>;
  /** Buffered output was flushed after `send` returned `buffered`. */
  drain?(ws: BoltWebSocket<Path, O>): Maybe<unknown>;
  /** The socket closed (1006 when it was dropped without a close frame). */
  close?(ws: BoltWebSocket<Path, O>, code: number, reason: string): Maybe<unknown>;
}
