// Response framing Rust owns: repeated header names go out as separate lines, and 204/304 carry
// neither a body nor a length whatever the handler gave.
import { exchange } from '@bolt/conformance';
import { BoltAPI, json, setCookie } from '@bolt/core';
import t from 'tap';
import { serve } from '../src/index.js';

const api = new BoltAPI();
api.get('/cookies', () =>
  json({ ok: true }, { headers: { 'set-cookie': [setCookie('a', '1'), setCookie('b', '2')] } }),
);
api.get('/no-content', () => json({ dropped: true }, { status: 204 }));
api.get('/not-modified', () => json({ dropped: true }, { status: 304 }));

t.test('two set-cookie values are two header lines', async (t) => {
  const server = await serve(api, { port: 0 });
  t.teardown(() => server.close({ graceMs: 1000 }));
  const got = (await exchange(server.port, 'GET /cookies HTTP/1.1\r\nHost: x\r\n\r\n')).responses[0];
  t.same(
    got?.headerLines.filter(([name]) => name === 'set-cookie').map(([, value]) => value),
    ['a=1; Path=/', 'b=2; Path=/'],
  );
});

for (const [path, status] of [
  ['/no-content', 204],
  ['/not-modified', 304],
] as const) {
  t.test(`${status}: no body and no content-length`, async (t) => {
    const server = await serve(api, { port: 0 });
    t.teardown(() => server.close({ graceMs: 1000 }));
    // A second request on the same connection shows any stray body bytes as a broken response.
    const res = await exchange(
      server.port,
      `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\nGET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`,
      2,
    );
    t.equal(res.responses.length, 2, 'both answers parse');
    for (const r of res.responses) {
      t.equal(r.status, status);
      t.equal(r.headers['content-length'], undefined, 'no content-length');
      t.equal(r.headers['transfer-encoding'], undefined, 'not chunked');
      t.equal(r.body.length, 0, 'no body');
    }
  });
}
