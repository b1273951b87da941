/**
 * Where the client address and scheme of a request are read: from the trust-proxy plugin when it
 * ran for this request, else from the socket. Every plugin that keys on the client (rate limits,
 * HSTS) reads them here, so turning `trustProxy` on changes all of them at once.
 */
import type { HookRequest } from '@bolt/core';

const CLIENT = Symbol.for('bolt.middleware.client');

/** The client as Bolt sees it: its address and the scheme it used. */
export interface ClientInfo {
  readonly address: string | undefined;
  readonly protocol: 'http' | 'https';
}

/** Records what trust-proxy decided for this request. */
export function setClientInfo(request: HookRequest, info: ClientInfo): void {
  (request.state as Record<symbol, unknown>)[CLIENT] = info;
}

function decided(request: HookRequest): ClientInfo | undefined {
  return (request.state as Record<symbol, ClientInfo | undefined>)[CLIENT];
}

/**
 * The client's address: the forwarded one when `trustProxy` is on (for its hops), else the peer's.
 *
 * @example
 * api.get('/whoami', { onRequest: (req) => json({ ip: clientAddress(req) }) }, () => null);
 */
export function clientAddress(request: HookRequest): string | undefined {
  return decided(request)?.address ?? request.remoteAddress;
}

/** `https` when the client used TLS (as a trusted proxy says), else `http`. */
export function clientProtocol(request: HookRequest): 'http' | 'https' {
  return decided(request)?.protocol ?? 'http';
}
