/**
 * What every uWS callback of one listening app shares: the compiled app, limits, the in-flight
 * counter a graceful close waits on, and whether the server is draining.
 */
import type { Logger } from '@bolt/core';
import type { InFlight } from '@bolt/core/runtime';
import type { CompiledApp } from '@bolt/core/transport';
import type { HttpResponse } from '@trufflesuite/uws-js-unofficial';

/** Per-server state; one object, created once at listen time. */
export interface ServerState {
  readonly app: CompiledApp;
  /** Request line plus headers, in bytes; over it: 431. */
  readonly maxHeaderSize: number;
  readonly inFlight: InFlight;
  /** Open WebSockets (begun on open, ended on close): a graceful close waits for their 1001 closes. */
  readonly sockets: InFlight;
  /** `inFlight.end`, bound once: what an abandoned body read wakes (no closure per request). */
  readonly endInFlight: () => void;
  readonly log: Logger;
  /** Set by `close()`: every response from then on closes its connection. */
  draining: boolean;
}

/**
 * A uWS response with the fields Bolt attaches (uWS allows user data on it): whether the client
 * went away, and who to wake when it does.
 */
export interface BoltRes extends HttpResponse {
  aborted?: boolean;
  wake?: (() => void) | undefined;
}

/**
 * Registers the one abort handler a response may need (uWS requires it before the callback returns
 * whenever the answer comes later). Idempotent.
 */
export function hookAbort(res: BoltRes): void {
  if (res.aborted !== undefined) return;
  res.aborted = false;
  res.onAborted(() => {
    res.aborted = true;
    const wake = res.wake;
    res.wake = undefined;
    // Native callbacks do not drain microtasks here; whoever waits resumes on the next loop turn.
    if (wake) setImmediate(wake);
  });
}
