/**
 * Nothing a handler returns may throw inside a uWS callback: uWS's writeHeader/end throw on
 * anything but text or bytes, and a throw there ends the process (issue 9, fault 1). Responses core
 * would never build are handed to the transport directly (see raw-app.ts), so these fail without
 * the transport's own guard, whatever core does.
 */
import { BoltAPI, json } from '@bolt/core';
import type { BoltResponse } from '@bolt/core/transport';
import t from 'tap';
import { listen } from '../src/listen.js';
import { withRawAnswers } from './raw-app.js';
import { rawExchange, statuses } from './raw-socket.js';

const api = new BoltAPI();
api.get('/', () => ({ Hello: 'World' }));
api.get('/core-number-header', () => json({ ok: true }, { headers: { 'x-n': 1 } }));
const raw: Record<string, () => BoltResponse | Promise<BoltResponse>> = {
  '/number-header': () => ({ status: 200, headers: ['x-n', 1 as unknown as string], body: 'n' }),
  '/number-header-async': async () => ({ status: 200, headers: ['x-n', 2 as unknown as string], body: 'n' }),
  '/object-header': () => ({ status: 200, headers: ['x-o', {} as unknown as string], body: 'o' }),
  '/undefined-header': () => ({ status: 200, headers: ['x-u', undefined as unknown as string], body: 'u' }),
  '/crlf-header': () => ({ status: 200, headers: ['x-s', 'a\r\nset-cookie: evil=1'], body: 's' }),
  '/bad-name': () => ({ status: 200, headers: ['x bad', 'v'], body: 'b' }),
  '/status-99': () => ({ status: 99, headers: [], body: 's' }),
  '/number-body': () => ({ status: 200, headers: [], body: 42 as unknown as string }),
  '/not-an-object': () => undefined as unknown as BoltResponse,
};
for (const pattern of Object.keys(raw)) api.get(pattern, () => 'replaced');
const server = await listen(withRawAnswers(api, raw), { port: 0 });
t.teardown(() => server.close({ graceMs: 100 }));

/** The raw request for `path`, then `GET /` on the same connection, which must still be answered. */
const thenRoot = (path: string) =>
  `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`;

t.test('a number header value is written as text; the next request is served', async (t) => {
  for (const path of ['/number-header', '/number-header-async', '/core-number-header']) {
    const r = await rawExchange(server.port, thenRoot(path));
    t.same(statuses(r.text), [200, 200], `${path}: answered, then GET / on the same connection`);
    t.match(r.text, /\r\nx-n: [12]\r\n/, `${path}: x-n sent as text`);
  }
  const fresh = await fetch(`${server.url}/`);
  t.equal(fresh.status, 200, 'the process still serves new connections');
});

t.test('a response uWS cannot write is a 500, and the connection keeps serving', async (t) => {
  for (const path of Object.keys(raw).filter((p) => !p.startsWith('/number-header'))) {
    const r = await rawExchange(server.port, thenRoot(path));
    t.same(statuses(r.text), [500, 200], `${path}: 500, then GET / on the same connection`);
    t.notMatch(r.text, /evil/, `${path}: nothing of the refused response is sent`);
  }
});
