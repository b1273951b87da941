/**
 * trustProxy: behind a load balancer, the client address and scheme come from `forwarded` or
 * `x-forwarded-for` / `x-forwarded-proto`, for the configured number of proxy hops only (a client
 * can write those headers too: only the entries the trusted proxies appended are believed).
 */
import type { BoltPlugin } from '@bolt/core';
import { check } from '../errors.js';
import { setClientInfo } from './client-info.js';
import { forwardedHops } from './forwarded.js';

/** Options of {@link trustProxy}. */
export interface TrustProxyOptions {
  /**
   * How many proxies in front of Bolt append to the forwarding headers (nginx alone: 1; a CDN
   * and nginx: 2). The client is the address the outermost trusted proxy received from. Default 1.
   */
  hops?: number;
}

/**
 * The client address (`clientAddress(req)`) and scheme (`clientProtocol(req)`) as the trusted
 * proxies saw them. Register it before the plugins that key on the client (rate limits).
 *
 * With `hops: 1` and `x-forwarded-for: 203.0.113.7, 10.0.0.2` from the proxy 10.0.0.3, the client
 * is `10.0.0.2` (what the one trusted proxy saw); `203.0.113.7` was written by the client itself.
 *
 * @example
 * const api = new BoltAPI({ plugins: [trustProxy({ hops: 1 }), rateLimit({ limit: 100, windowMs: 60_000 })] });
 */
export function trustProxy(options: TrustProxyOptions = {}): BoltPlugin {
  const hops = options.hops ?? 1;
  check(Number.isInteger(hops) && hops >= 1, 'trustProxy', 'hops', 'an integer of at least 1');
  return {
    name: 'trust-proxy',
    native: { kind: 'trust-proxy', config: { hops } },
    register(api) {
      api.addHook('onRequest', (request) => {
        const forwarded = forwardedHops((name) => request.header(name));
        if (forwarded.length === 0) return;
        // Nearest last: [...forwarded, peer]. The last `hops` entries are proxies; the one before
        // them is the client. Fewer entries than hops: the first one is all we have.
        const chain = [...forwarded.map((h) => h.address), request.remoteAddress ?? ''];
        const index = Math.max(0, chain.length - 1 - hops);
        const address = chain[index] || request.remoteAddress;
        // The scheme is what the outermost trusted proxy was reached with.
        const proto = forwarded[Math.max(0, forwarded.length - hops)]?.proto;
        setClientInfo(request, { address, protocol: proto === 'https' ? 'https' : 'http' });
      });
    },
  };
}
