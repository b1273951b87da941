/**
 * One accepted WebSocket: the session the engine drives (open, message, drain, close) and the
 * socket the route's handlers use (send, close, subscribe, publish). Messages are validated here,
 * handler failures are logged and close the socket with 1011, and a reader too slow to keep up
 * with `maxBackpressure` is disconnected rather than buffered without end.
 */
import type { Validator } from '@bolt/schema';
import type { RequestContext } from '../compile/request-context.js';
import type { Logger } from '../log/logger.js';
import { isThenable } from '../pipeline/maybe-async.js';
import {
  SendStatus,
  type WebSocketPeer,
  type WebSocketRouteOptions,
  type WebSocketSession,
} from '../transport/websocket-contract.js';
import type { HubMember, WebSocketHub } from './hub.js';
import type { BoltWebSocket, SendOutcome } from './websocket-types.js';

/** Everything one WebSocket route compiled once, shared by its connections. */
export interface WebSocketRouteRuntime {
  readonly where: string;
  readonly limits: WebSocketRouteOptions;
  readonly handlers: {
    open?(ws: BoltWebSocket): unknown;
    message?(ws: BoltWebSocket, message: unknown, isBinary: boolean): unknown;
    drain?(ws: BoltWebSocket): unknown;
    close?(ws: BoltWebSocket, code: number, reason: string): unknown;
  };
  readonly validator: Validator | undefined;
  readonly onInvalidMessage: 'close' | 'error';
  readonly hub: WebSocketHub;
  readonly logger: Logger;
}

const OUTCOME: Record<SendStatus, SendOutcome> = { 0: 'buffered', 1: 'sent', 2: 'dropped' };

/** Close codes of RFC 6455 used here. */
export const CloseCode = {
  Normal: 1000,
  GoingAway: 1001,
  InvalidPayload: 1007,
  PolicyViolation: 1008,
  InternalError: 1011,
} as const;

/** A close reason fits a control frame (125 bytes, 2 of them the code). */
function shortReason(reason: string): string {
  const bytes = Buffer.from(reason);
  return bytes.length <= 123
    ? reason
    : bytes
        .subarray(0, 120)
        .toString('utf8')
        .replace(/\uFFFD+$/, '');
}

export class WebSocketConnection implements HubMember, BoltWebSocket {
  /** What the engine drives. */
  readonly session: WebSocketSession = {
    open: (peer) => this.#open(peer),
    message: (data, isBinary) => this.#message(data, isBinary),
    drain: () => this.#call('drain', () => this.#runtime.handlers.drain?.(this)),
    close: (code, reason) => this.#ended(code, reason),
  };
  readonly ctx: BoltWebSocket['ctx'];
  readonly protocol: string | undefined;
  readonly #runtime: WebSocketRouteRuntime;
  #peer: WebSocketPeer | undefined;
  #closed = false;
  readonly #topics = new Set<string>();
  /** Message handlers still running (async), so a shutdown closes only after they settled. */
  #inFlight = 0;
  #idle: (() => void) | undefined;
  #onEnded: (() => void) | undefined;

  constructor(runtime: WebSocketRouteRuntime, ctx: RequestContext, protocol: string | undefined) {
    this.#runtime = runtime;
    this.ctx = ctx as unknown as BoltWebSocket['ctx'];
    this.protocol = protocol;
  }

  get data(): Record<string, unknown> {
    return this.ctx.state;
  }

  get remoteAddress(): string | undefined {
    return this.#peer?.remoteAddress ?? this.ctx.request.remoteAddress;
  }

  get bufferedAmount(): number {
    return this.#peer?.bufferedAmount() ?? 0;
  }

  // Engine side -------------------------------------------------------------------------------

  #open(peer: WebSocketPeer): void {
    this.#peer = peer;
    this.#runtime.hub.join(this);
    this.#call('open', () => this.#runtime.handlers.open?.(this));
  }

  #message(data: string | Uint8Array, isBinary: boolean): void {
    const { handlers, validator } = this.#runtime;
    if (!handlers.message || this.#closed) return;
    if (!validator) {
      this.#call('message', () => handlers.message?.(this, data, isBinary));
      return;
    }
    const parsed = this.#parse(data, isBinary, validator);
    if (parsed.ok) this.#call('message', () => handlers.message?.(this, parsed.value, isBinary));
  }

  #ended(code: number, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#runtime.hub.leave(this, this.#topics);
    this.#topics.clear();
    this.#call('close', () => this.#runtime.handlers.close?.(this, code, reason));
    this.#onEnded?.();
  }

  // Handler side ------------------------------------------------------------------------------

  send(data: string | Uint8Array | ArrayBuffer): SendOutcome {
    const peer = this.#peer;
    if (!peer || this.#closed) return 'dropped';
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : data;
    const status = peer.send(bytes, typeof bytes !== 'string');
    if (status === SendStatus.Buffered && peer.bufferedAmount() > this.#runtime.limits.maxBackpressure) {
      this.#runtime.logger.warn(
        { route: this.#runtime.where, buffered: peer.bufferedAmount() },
        'WebSocket reader too slow (over maxBackpressure); disconnecting it',
      );
      peer.terminate();
      return 'dropped';
    }
    return OUTCOME[status];
  }

  sendJson(value: unknown): SendOutcome {
    return this.send(JSON.stringify(value));
  }

  close(code: number = CloseCode.Normal, reason = ''): void {
    if (!this.#closed) this.#peer?.close(code, shortReason(reason));
  }

  subscribe(topic: string): void {
    if (this.#closed || this.#topics.has(topic)) return;
    this.#topics.add(topic);
    this.#runtime.hub.subscribe(this, topic);
  }

  unsubscribe(topic: string): void {
    if (!this.#topics.delete(topic)) return;
    this.#runtime.hub.unsubscribe(this, topic);
  }

  isSubscribed(topic: string): boolean {
    return this.#topics.has(topic);
  }

  publish(topic: string, data: string | Uint8Array): void {
    this.#runtime.hub.publish(topic, data);
  }

  // Hub side ----------------------------------------------------------------------------------

  deliver(data: string | Uint8Array, isBinary: boolean): void {
    if (this.#closed) return;
    this.send(isBinary && typeof data === 'string' ? new TextEncoder().encode(data) : data);
  }

  nativeSubscribe(topic: string): boolean {
    if (!this.#peer?.subscribe) return false;
    this.#peer.subscribe(topic);
    return true;
  }

  nativeUnsubscribe(topic: string): void {
    this.#peer?.unsubscribe?.(topic);
  }

  closeGoingAway(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    const ended = new Promise<void>((resolve) => {
      this.#onEnded = resolve;
    });
    const goAway = () => this.#peer?.close(CloseCode.GoingAway, 'server shutting down');
    if (this.#inFlight === 0) goAway();
    else this.#idle = goAway;
    return ended;
  }

  terminate(): void {
    this.#peer?.terminate();
  }

  // -------------------------------------------------------------------------------------------

  #parse(
    data: string | Uint8Array,
    isBinary: boolean,
    validator: Validator,
  ): { ok: true; value: unknown } | { ok: false } {
    if (isBinary || typeof data !== 'string') {
      return this.#invalid([
        { loc: ['message'], msg: 'Expected a JSON text message, got binary', type: 'type' },
      ]);
    }
    let value: unknown;
    try {
      value = JSON.parse(data);
    } catch (error) {
      return this.#invalid([
        { loc: ['message'], msg: `Malformed JSON: ${(error as Error).message}`, type: 'json_invalid' },
      ]);
    }
    if (!validator.check(value)) return this.#invalid(validator.issues('message', value));
    return { ok: true, value };
  }

  #invalid(detail: readonly { loc: readonly (string | number)[]; msg: string; type: string }[]): {
    ok: false;
  } {
    if (this.#runtime.onInvalidMessage === 'error') {
      this.sendJson({ type: 'error', detail });
    } else {
      const first = detail[0];
      const where = first && first.loc.length > 1 ? `${first.loc.slice(1).join('.')}: ` : '';
      this.close(CloseCode.InvalidPayload, `invalid message: ${where}${first?.msg ?? 'rejected'}`);
    }
    return { ok: false };
  }

  /** Runs a handler; a throw or rejection is logged and closes the socket with 1011. */
  #call(name: string, run: () => unknown): void {
    const fail = (err: unknown) => {
      this.#runtime.logger.error({ err, route: this.#runtime.where }, `WebSocket ${name} handler failed`);
      this.close(CloseCode.InternalError, 'internal error');
    };
    try {
      const out = run();
      if (!isThenable(out)) return;
      this.#inFlight++;
      Promise.resolve(out)
        .catch(fail)
        .finally(() => {
          if (--this.#inFlight === 0 && this.#idle) {
            const idle = this.#idle;
            this.#idle = undefined;
            idle();
          }
        });
    } catch (err) {
      fail(err);
    }
  }
}
