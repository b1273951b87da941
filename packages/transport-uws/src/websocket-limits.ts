/**
 * A WebSocket route's limits (decided by core) as uWS 20.30 can take them: its idle timer ticks
 * every 4 seconds, and it drops a connection without a close frame when a message is over its own
 * `maxPayloadLength`, so Bolt checks the route's limit itself below a higher native bound.
 */
import type { WebSocketRouteOptions } from '@bolt/core/transport';

/**
 * uWS terminates the process for an `idleTimeout` between 1 and 7, and its timer wheel holds 240
 * ticks of 4 s: a longer timeout would wrap around and fire early.
 */
const MIN_IDLE = 8;
const MAX_IDLE = 239 * 4;
const MiB = 1024 * 1024;

/**
 * Seconds as uWS's `idleTimeout`: `0` stays off; anything else is rounded up to a multiple of 4,
 * at least 8 and at most 956.
 *
 * @example
 * uwsIdleTimeout(0);    // 0
 * uwsIdleTimeout(5);    // 8
 * uwsIdleTimeout(10);   // 12
 * uwsIdleTimeout(120);  // 120
 */
export function uwsIdleTimeout(seconds: number): number {
  if (!(seconds > 0)) return 0;
  return Math.min(MAX_IDLE, Math.max(MIN_IDLE, Math.ceil(seconds / 4) * 4));
}

/**
 * uWS's `maxPayloadLength` for a route whose limit is `maxPayload`: up to twice the limit (at most
 * 1 MiB above it). Messages between the two reach Bolt, which closes with 1009 as RFC 6455 asks;
 * uWS itself would drop the TCP connection without a close frame (the client sees 1006), which it
 * still does past this bound, so memory per message stays bounded.
 *
 * @example
 * nativeMaxPayload(1024);      // 2048
 * nativeMaxPayload(4 * MiB);   // 5 MiB
 */
export function nativeMaxPayload(maxPayload: number): number {
  return maxPayload + Math.min(maxPayload, MiB);
}

/** The uWS behavior fields that come from the route's limits. */
export function uwsLimits(limits: WebSocketRouteOptions) {
  return {
    maxPayloadLength: nativeMaxPayload(limits.maxPayload),
    idleTimeout: uwsIdleTimeout(limits.idleTimeout),
    // uWS then skips (and closes) a subscriber too slow for native publishes; `send` is checked by
    // core and the peer (see websocket-peer.ts).
    maxBackpressure: limits.maxBackpressure,
    closeOnBackpressureLimit: 1, // a flag; the 20.30 typings declare it a number
    sendPingsAutomatically: true,
  } as const;
}

/**
 * One uWS behavior's limits for several routes (the catch-all `ws` of routes uWS's router cannot
 * express): the largest payload (each socket is still held to its own route's), the shortest idle
 * timeout that is on, and the largest back-pressure bound (core checks each route's own on `send`).
 */
export function catchAllLimits(all: readonly WebSocketRouteOptions[]): WebSocketRouteOptions {
  const idle = all.map((l) => l.idleTimeout).filter((s) => s > 0);
  return {
    maxPayload: Math.max(...all.map((l) => l.maxPayload)),
    idleTimeout: idle.length > 0 ? Math.min(...idle) : 0,
    maxBackpressure: Math.max(...all.map((l) => l.maxBackpressure)),
  };
}
