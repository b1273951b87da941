/** Compression over real sockets on every engine: negotiation, thresholds, exclusions, streams. */
import { request as httpRequest } from 'node:http';
import zlib from 'node:zlib';
import { BoltAPI, json, stream, text } from '@bolt/core';
import type { RunningServer } from '@bolt/core/transport';
import t from 'tap';
import { compress, negotiate } from '../src/index.js';
import { onEveryEngine } from './engines.js';

const BIG = {
  items: Array.from({ length: 100 }, (_, i) => ({ id: i, name: `item ${i}`, tags: ['a', 'b'] })),
};

/** A raw GET (fetch would decompress for us and hide what was sent). */
function get(server: RunningServer, path: string, headers: Record<string, string> = {}) {
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  }>((resolve, reject) => {
    const req = httpRequest(`${server.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

let release: () => void = () => {};
function app() {
  const api = new BoltAPI({ plugins: [compress()] });
  api.get('/big', () => BIG);
  api.get('/small', () => ({ ok: true }));
  api.get('/png', () => text('x'.repeat(4000), { headers: { 'content-type': 'image/png' } }));
  api.get('/encoded', () => text('x'.repeat(4000), { headers: { 'content-encoding': 'identity-custom' } }));
  api.get('/nocontent', () => json(null, { status: 204 }));
  api.get('/notransform', () => text('y'.repeat(4000), { headers: { 'cache-control': 'no-transform' } }));
  api.get('/events', () =>
    stream(
      (async function* () {
        yield 'data: first\n\n';
        await new Promise<void>((r) => {
          release = r;
        });
        yield 'data: second\n\n';
      })(),
      { contentType: 'text/event-stream' },
    ),
  );
  return api;
}

onEveryEngine(t, 'br and gzip by accept-encoding', app, async (t, server) => {
  const br = await get(server, '/big', { 'accept-encoding': 'gzip, deflate, br' });
  t.equal(br.headers['content-encoding'], 'br');
  t.match(br.headers.vary, /accept-encoding/i);
  t.same(JSON.parse(zlib.brotliDecompressSync(br.body).toString()), BIG, 'decodes to the same JSON');
  t.ok(br.body.length < JSON.stringify(BIG).length / 3, 'smaller');
  const gz = await get(server, '/big', { 'accept-encoding': 'gzip;q=1, br;q=0.5' });
  t.equal(gz.headers['content-encoding'], 'gzip', 'q-values win over our preference');
  t.same(JSON.parse(zlib.gunzipSync(gz.body).toString()), BIG);
  const none = await get(server, '/big', { 'accept-encoding': 'identity' });
  t.equal(none.headers['content-encoding'], undefined);
  t.same(JSON.parse(none.body.toString()), BIG);
  const refused = await get(server, '/big', { 'accept-encoding': 'br;q=0, gzip;q=0' });
  t.equal(refused.headers['content-encoding'], undefined, 'q=0 refuses');
});

onEveryEngine(t, 'what is never compressed', app, async (t, server) => {
  const accept = { 'accept-encoding': 'br, gzip' };
  t.equal((await get(server, '/small', accept)).headers['content-encoding'], undefined, 'under minBytes');
  t.equal((await get(server, '/png', accept)).headers['content-encoding'], undefined, 'an image type');
  t.equal(
    (await get(server, '/encoded', accept)).headers['content-encoding'],
    'identity-custom',
    'already encoded: left alone',
  );
  t.equal((await get(server, '/nocontent', accept)).status, 204);
  t.equal(
    (await get(server, '/notransform', accept)).headers['content-encoding'],
    undefined,
    'no-transform',
  );
  t.equal(
    (await get(server, '/big', { ...accept, range: 'bytes=0-10' })).headers['content-encoding'],
    undefined,
    'a range request',
  );
});

onEveryEngine(t, 'streams are compressed chunk by chunk', app, async (t, server) => {
  const res = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
    httpRequest(`${server.url}/events`, { headers: { 'accept-encoding': 'gzip' } }, resolve)
      .on('error', reject)
      .end();
  });
  t.equal(res.headers['content-encoding'], 'gzip');
  const gunzip = zlib.createGunzip();
  res.pipe(gunzip);
  let seen = '';
  for await (const chunk of gunzip) {
    seen += chunk.toString();
    // The first event arrives while the second is not even produced: nothing waits for the end.
    if (seen === 'data: first\n\n') release();
  }
  t.equal(seen, 'data: first\n\ndata: second\n\n');
});

t.test('negotiation by q-value', (t) => {
  t.equal(negotiate('gzip, br', ['br', 'gzip']), 'br', 'equal weights: our preference');
  t.equal(negotiate('br;q=0.1, gzip;q=0.9', ['br', 'gzip']), 'gzip');
  t.equal(negotiate('*', ['br', 'gzip']), 'br');
  t.equal(negotiate('*;q=0, gzip', ['br', 'gzip']), 'gzip');
  t.equal(negotiate('x-gzip', ['br', 'gzip']), 'gzip');
  t.equal(negotiate(undefined, ['br', 'gzip']), undefined);
  t.equal(negotiate('deflate', ['br', 'gzip']), undefined);
  t.end();
});
