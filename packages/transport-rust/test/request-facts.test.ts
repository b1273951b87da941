// Every request header is readable on every route (also on one with a `headers` schema, which
// used to receive only its declared headers), and `remoteAddress` is the peer's address.
import { exchange } from '@bolt/conformance';
import { BoltAPI, t as s } from '@bolt/core';
import t from 'tap';
import { serve } from '../src/index.js';

const api = new BoltAPI();
const facts = (request: { header(name: string): string | undefined; remoteAddress: string | undefined }) => ({
  authorization: request.header('authorization') ?? null,
  repeated: request.header('x-rep') ?? null,
  cookie: request.header('cookie') ?? null,
  proto: request.header('constructor') ?? null,
  remote: request.remoteAddress ?? null,
});
api.get('/declared', { headers: s.Object({ x_declared: s.String() }) }, (ctx) => ({
  declared: ctx.headers.x_declared,
  ...facts(ctx.request),
}));
api.get('/plain', (ctx) => facts(ctx.request));
api.get('/none', () => ({ ok: true }));

const head =
  'Host: x\r\nAuthorization: Bearer abc\r\nX-Declared: yes\r\nX-Rep: 1\r\nX-Rep: 2\r\nCookie: a=1\r\nCookie: b=2\r\n';

t.test('every header and the peer address reach the handler', async (t) => {
  const server = await serve(api, { port: 0 });
  t.teardown(() => server.close({ graceMs: 1000 }));
  const expected = {
    authorization: 'Bearer abc',
    repeated: '1, 2',
    cookie: 'a=1; b=2',
    proto: null,
    remote: '127.0.0.1',
  };
  const declared = (await exchange(server.port, `GET /declared HTTP/1.1\r\n${head}\r\n`)).responses[0];
  t.equal(declared?.status, 200);
  t.same(
    JSON.parse(declared?.body.toString() ?? '{}'),
    { declared: 'yes', ...expected },
    'route with a headers schema',
  );
  const plain = (await exchange(server.port, `GET /plain HTTP/1.1\r\n${head}\r\n`)).responses[0];
  t.same(JSON.parse(plain?.body.toString() ?? '{}'), expected, 'route without one');
  const none = (await exchange(server.port, 'GET /none HTTP/1.1\r\nHost: x\r\n\r\n')).responses[0];
  t.equal(none?.status, 200, 'a request whose headers nobody reads');
});

t.test('a header value keeps its bytes (latin1 as on node)', async (t) => {
  const server = await serve(api, { port: 0 });
  t.teardown(() => server.close({ graceMs: 1000 }));
  const raw = Buffer.concat([
    Buffer.from('GET /plain HTTP/1.1\r\nHost: x\r\nAuthorization: caf'),
    Buffer.from([0xe9]),
    Buffer.from(': x\r\n\r\n'),
  ]);
  const got = (await exchange(server.port, raw)).responses[0];
  t.equal(
    JSON.parse(got?.body.toString() ?? '{}').authorization,
    'caf\u00e9: x',
    'value with a colon and byte 0xe9',
  );
});
