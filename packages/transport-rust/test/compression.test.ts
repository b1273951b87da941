// gzip/br compression happens in Rust when the client accepts it and the route allows it.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { exchange } from '@bolt/conformance';
import t from 'tap';
import { serve } from '../src/index.js';
import { api } from './fixtures/probe-app.js';

const get = (port: number, path: string, accept?: string) =>
  exchange(port, `GET ${path} HTTP/1.1\r\nHost: x\r\n${accept ? `Accept-Encoding: ${accept}\r\n` : ''}\r\n`);

t.test('responses are compressed by Rust when accepted and allowed', async (t) => {
  const server = await serve(api, { port: 0 });
  t.teardown(() => server.close({ graceMs: 1000 }));
  const plain = (await get(server.port, '/big')).responses[0];
  t.equal(plain?.headers['content-encoding'], undefined, 'no Accept-Encoding: identity');
  const expected = plain?.body.toString() ?? '';
  t.ok(expected.length > 1024, 'the body is worth compressing');

  const br = (await get(server.port, '/big', 'gzip, deflate, br')).responses[0];
  t.equal(br?.headers['content-encoding'], 'br', 'brotli preferred');
  t.equal(br?.headers.vary, 'accept-encoding');
  t.ok((br?.body.length ?? 0) < expected.length / 3, 'brotli body is smaller');
  t.equal(brotliDecompressSync(br?.body ?? Buffer.alloc(0)).toString(), expected, 'brotli round-trips');

  const gz = (await get(server.port, '/big', 'gzip')).responses[0];
  t.equal(gz?.headers['content-encoding'], 'gzip');
  t.equal(gunzipSync(gz?.body ?? Buffer.alloc(0)).toString(), expected, 'gzip round-trips');

  const refused = (await get(server.port, '/big', 'br;q=0, gzip;q=0')).responses[0];
  t.equal(refused?.headers['content-encoding'], undefined, 'q=0 refuses');

  const raw = (await get(server.port, '/big-raw', 'br')).responses[0];
  t.equal(raw?.headers['content-encoding'], undefined, 'route with compress: false is sent as is');

  const small = (await get(server.port, '/', 'br')).responses[0];
  t.equal(small?.headers['content-encoding'], undefined, 'small bodies are not compressed');
  t.equal(small?.body.toString(), '{"Hello":"World"}');
});

t.test('a streamed body larger than the queue arrives whole (back-pressure)', async (t) => {
  const server = await serve(api, { port: 0 });
  t.teardown(() => server.close({ graceMs: 1000 }));
  const res = await fetch(`${server.url}/drip`);
  const reader = res.body?.getReader();
  let total = 0;
  let first = -1;
  for (;;) {
    const chunk = await reader?.read();
    if (!chunk || chunk.done) break;
    if (first < 0) first = chunk.value[0] ?? -1;
    total += chunk.value.length;
    // Read slowly so Rust's queue fills and JS has to wait for drain events.
    if (total % (256 * 1024) < chunk.value.length) await new Promise((r) => setTimeout(r, 5));
  }
  t.equal(total, 64 * 64 * 1024, 'all 4 MiB arrived');
  t.equal(first, 97, 'in order');
});
