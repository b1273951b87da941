/** The client address and scheme behind proxies: only the configured hops are believed. */
import { BoltAPI, json } from '@bolt/core';
import t from 'tap';
import { clientAddress, clientProtocol, trustProxy } from '../src/index.js';
import { onEveryEngine, request } from './engines.js';

function app(hops?: number) {
  const api = new BoltAPI({ plugins: hops === undefined ? [] : [trustProxy({ hops })] });
  api.get(
    '/who',
    { onRequest: (req) => json({ ip: clientAddress(req), proto: clientProtocol(req) }) },
    () => null,
  );
  return api;
}

onEveryEngine(
  t,
  'one trusted hop',
  () => app(1),
  async (t, server) => {
    const who = async (headers: Record<string, string>) =>
      JSON.parse((await request(server, '/who', { headers })).body.toString());
    t.same(await who({}), { ip: '127.0.0.1', proto: 'http' }, 'no header: the peer');
    t.same(await who({ 'x-forwarded-for': '203.0.113.7' }), { ip: '203.0.113.7', proto: 'http' });
    t.same(
      await who({ 'x-forwarded-for': '6.6.6.6, 203.0.113.7', 'x-forwarded-proto': 'https' }),
      { ip: '203.0.113.7', proto: 'https' },
      'a spoofed first entry is ignored',
    );
    t.same(
      await who({ forwarded: 'for=192.0.2.60;proto=https, for="[2001:db8::1]:4711"' }),
      { ip: '2001:db8::1', proto: 'http' },
      'RFC 7239, nearest hop',
    );
  },
);

onEveryEngine(
  t,
  'off: forwarding headers are not believed',
  () => app(),
  async (t, server) => {
    const res = JSON.parse(
      (
        await request(server, '/who', {
          headers: { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' },
        })
      ).body.toString(),
    );
    t.same(res, { ip: '127.0.0.1', proto: 'http' });
  },
);

t.test('two hops: the address the outer proxy saw', async (t) => {
  const api = app(2);
  const res = await api.inject({
    url: '/who',
    headers: { 'x-forwarded-for': '6.6.6.6, 198.51.100.2, 10.0.0.5', 'x-forwarded-proto': 'https' },
  });
  t.same(res.json(), { ip: '198.51.100.2', proto: 'https' });
  t.throws(() => trustProxy({ hops: 0 }), { code: 'BOLT_ERR_MIDDLEWARE_OPTION_INVALID' });
});
