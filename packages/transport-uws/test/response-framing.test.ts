/**
 * How response heads are framed on the wire, read from a raw socket (fetch would join repeated
 * headers and hide bytes after a bodiless head): repeated header names stay separate lines; 204
 * and 304 carry neither a body nor a length, whatever the handler's response holds (issue 9,
 * faults 3 and 5), so the request pipelined after them parses.
 */
import { BoltAPI, json, setCookie } from '@bolt/core';
import type { BoltResponse } from '@bolt/core/transport';
import t from 'tap';
import { listen } from '../src/listen.js';
import { withRawAnswers } from './raw-app.js';
import { firstHead, rawExchange, statuses } from './raw-socket.js';

async function* chunks(): AsyncIterable<string> {
  yield 'never sent';
}

const api = new BoltAPI();
api.get('/', () => ({ Hello: 'World' }));
api.get('/cookies', () =>
  json({ ok: true }, { headers: { 'set-cookie': [setCookie('a', '1'), setCookie('b', '2')] } }),
);
api.get('/core-204', () => json(null, { status: 204 }));
const raw: Record<string, () => BoltResponse> = {
  '/raw-cookies': () => ({ status: 200, headers: ['set-cookie', 'a=1', 'set-cookie', 'b=2'], body: 'c' }),
  '/204-text': () => ({ status: 204, headers: [], body: 'null' }),
  '/204-length': () => ({ status: 204, headers: ['content-length', '4'], body: 'null' }),
  '/204-stream': () => ({ status: 204, headers: [], body: chunks() }),
  '/304-text': () => ({ status: 304, headers: ['etag', '"v1"'], body: 'stale body' }),
  '/304-null': () => ({ status: 304, headers: ['etag', '"v1"'], body: null }),
};
for (const pattern of Object.keys(raw)) api.get(pattern, () => 'replaced');
const server = await listen(withRawAnswers(api, raw), { port: 0 });
t.teardown(() => server.close({ graceMs: 100 }));

const thenRoot = (path: string) =>
  `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`;

t.test('two set-cookie pairs are two header lines', async (t) => {
  for (const path of ['/cookies', '/raw-cookies']) {
    const r = await rawExchange(server.port, thenRoot(path));
    const cookies = firstHead(r.text).filter(([name]) => name === 'set-cookie');
    t.same(
      cookies.map(([, value]) => value.split(';')[0]),
      ['a=1', 'b=2'],
      `${path}: one line per cookie`,
    );
    t.same(statuses(r.text), [200, 200], `${path}: the next request is answered`);
  }
});

t.test('204 and 304: no body, no content-length; the next response follows the head', async (t) => {
  for (const path of ['/core-204', ...Object.keys(raw).filter((p) => /^\/(204|304)/.test(p))]) {
    const r = await rawExchange(server.port, thenRoot(path));
    const names = firstHead(r.text).map(([name]) => name);
    t.notOk(names.includes('content-length'), `${path}: no content-length`);
    t.notOk(names.includes('transfer-encoding'), `${path}: no transfer-encoding`);
    const afterHead = r.text.slice(r.text.indexOf('\r\n\r\n') + 4);
    t.match(afterHead, /^HTTP\/1\.1 200 OK\r\n/, `${path}: the next response starts right after the head`);
    t.same(statuses(r.text), [path.includes('304') ? 304 : 204, 200], `${path}: both answered`);
  }
  const etag = firstHead((await rawExchange(server.port, thenRoot('/304-text'))).text).find(
    ([n]) => n === 'etag',
  );
  t.same(etag, ['etag', '"v1"'], '304 keeps its other headers');
});
