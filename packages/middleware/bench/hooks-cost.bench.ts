/**
 * JavaScript cost per request of the batteries, without sockets: `route.run` of GET / bare against
 * CORS + security headers + the memory rate limiter (+ compress), in ns per request. Sockets and
 * engines add the same cost to both sides, so this is the part the plugins own.
 *
 *   node --import tsx bench/hooks-cost.bench.ts
 */
import { BoltAPI } from '@bolt/core';
import type { BoltResponse, RawRequest } from '@bolt/core/transport';
import { compress, cors, rateLimit, securityHeaders } from '../src/index.js';

const raw: RawRequest = {
  method: 'GET',
  path: '/',
  query: '',
  headers: { host: 'x', origin: 'http://localhost:3000', 'accept-encoding': 'gzip, br' },
  body: undefined,
  remoteAddress: '127.0.0.1',
};

function measure(name: string, api: BoltAPI): number {
  const app = api.compile();
  const route = app.routes[0];
  if (!route) throw new Error('no route');
  let sink = 0;
  const once = () => {
    const res = route.run([], raw) as BoltResponse;
    sink += res.headers.length;
    res.finished?.(false);
  };
  for (let i = 0; i < 200_000; i++) once();
  // The machine is shared: the fastest of several rounds is the cost, the rest is other load.
  let ns = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 7; round++) {
    const n = 200_000;
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) once();
    ns = Math.min(ns, Number(process.hrtime.bigint() - start) / n);
  }
  console.log(`${name.padEnd(40)} ${ns.toFixed(0)} ns/req ${sink > 0 ? '' : '!'}`);
  return ns;
}

const plain = () => new BoltAPI().get('/', () => ({ Hello: 'World' }));
const withPlugins = (plugins: Parameters<BoltAPI['use']>[0][]) => {
  const api = new BoltAPI({ plugins });
  return api.get('/', () => ({ Hello: 'World' }));
};
const origins = ['http://localhost:3000'];
measure('no-op onSend hook (core)', plain().addHook('onSend', () => undefined));
measure('no-op onRequest hook (core)', plain().addHook('onRequest', () => undefined));
const base = measure('bare', plain());
const all = measure('cors + security + rate limit', withPlugins([cors({ origins, credentials: true }), securityHeaders(), rateLimit({ limit: 1e9, windowMs: 60_000 })]));
measure('cors', withPlugins([cors({ origins, credentials: true })]));
measure('security headers', withPlugins([securityHeaders()]));
measure('rate limit (memory)', withPlugins([rateLimit({ limit: 1e9, windowMs: 60_000 })]));
measure('compress (small body: untouched)', withPlugins([compress()]));
console.log(`added per request: ${(all - base).toFixed(0)} ns`);
