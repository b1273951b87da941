// The native form `compress` (@bolt/middleware's compress()) run by Rust on the final answer with
// the app's other plugins on (cors, securityHeaders, requestId): over real sockets, every answer
// has the headers node:http gives (the request id aside) and a body that decodes to the same
// bytes, while JS no longer runs the compress hook. Compressed bytes themselves differ between
// zlib builds, so bodies are compared decoded.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { exchange } from '@bolt/conformance';
import type { RunningServer } from '@bolt/core';
import { nodeTransport } from '@bolt/core/node';
import t from 'tap';
import { rustTransport } from '../src/index.js';
import { nativePlan } from '../src/native-plan.js';
import { batteriesApp, calls, ORIGIN } from './fixtures/batteries-app.js';

const SKIP = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

interface Seen {
  status: number;
  headers: [string, string][];
  body: string;
}

async function ask(server: RunningServer, path: string, headers: string[], method = 'GET'): Promise<Seen> {
  const raw = [`${method} ${path} HTTP/1.1`, 'Host: x', ...headers, '', ''].join('\r\n');
  const { responses } = await exchange(server.port, raw, 1, { timeoutMs: 5000, headOnly: method === 'HEAD' });
  const res = responses[0];
  if (!res) throw new Error(`no answer to ${path}`);
  const encoding = res.headers['content-encoding'];
  const body =
    method === 'HEAD' || res.body.length === 0
      ? res.body
      : encoding === 'br'
        ? brotliDecompressSync(res.body)
        : encoding === 'gzip'
          ? gunzipSync(res.body)
          : res.body;
  return {
    status: res.status,
    // A request id is generated per request: its presence is compared, not its value.
    headers: res.headerLines
      .filter(([n]) => !SKIP.has(n))
      .map(([n, v]): [string, string] => (n === 'x-request-id' ? [n, '<id>'] : [n, v])),
    body: body.toString('utf8'),
  };
}

const paths = [
  '/items100',
  '/small',
  '/text',
  '/html',
  '/png',
  '/no-transform',
  '/encoded',
  '/vary-star',
  '/partial',
  '/empty',
  '/stream',
  '/file',
  '/nowhere',
];
const accepts = [
  [],
  ['Accept-Encoding: gzip, deflate, br'],
  ['Accept-Encoding: gzip'],
  ['Accept-Encoding: br;q=0.5, gzip;q=0.8'],
  ['Accept-Encoding: *'],
  ['Accept-Encoding: br;q=0, gzip;q=0'],
  ['Accept-Encoding: identity'],
  ['Accept-Encoding: br', 'Range: bytes=0-10'],
  ['Accept-Encoding: br', `Origin: ${ORIGIN}`],
  ['Accept-Encoding: gzip', 'Origin: https://evil.example'],
];

t.test('the plan takes compress with the other app-wide plugins on', async (t) => {
  const plan = nativePlan(batteriesApp().compile(), true);
  t.ok(plan.kinds.includes('compress'), 'compress is native');
  t.same(plan.compress?.spec, { minBytes: 1024, encodings: ['br', 'gzip'], brotliQuality: 4, gzipLevel: 4 });
  t.equal(plan.compress?.unmatched, true, 'app-wide: unmatched answers are covered too');
  t.notOk(
    nativePlan(batteriesApp({ compressible: () => true }).compile(), true).compress,
    'a custom test: JS',
  );
  t.notOk(nativePlan(batteriesApp().compile(), false).compress, 'nativeForms: false: JS');
});

for (const [name, options] of [
  ['the example settings', { minBytes: 1024 }],
  [
    'gzip first, other levels, a larger minimum',
    { minBytes: 2048, encodings: ['gzip', 'br'], gzipLevel: 9, brotliQuality: 1 },
  ],
] as const) {
  t.test(`${name}: Rust compresses the final answer as the plugin does on node:http`, async (t) => {
    const native = await rustTransport.listen(batteriesApp(options).compile(), {
      host: '127.0.0.1',
      port: 0,
    });
    const node = await nodeTransport.listen(batteriesApp(options).compile(), { host: '127.0.0.1', port: 0 });
    t.teardown(() => Promise.all([native.close({ graceMs: 500 }), node.close({ graceMs: 500 })]));
    for (const path of paths) {
      for (const headers of accepts) {
        const what = `${path} ${headers.join(' | ') || '(no accept-encoding)'}`;
        const before = calls.hooks;
        const want = await ask(node, path, headers);
        const onNode = calls.hooks - before;
        const got = await ask(native, path, headers);
        t.same(got, want, what);
        // Every hook but the compress plugin's runs in JS (on 204 and 206 it returns at once on node too).
        t.equal(calls.hooks - before - onNode, onNode - 1, `${what}: JS runs every hook but compress's`);
      }
    }
    const head = await ask(native, '/items100', ['Accept-Encoding: br'], 'HEAD');
    t.same(head, await ask(node, '/items100', ['Accept-Encoding: br'], 'HEAD'), 'HEAD as on node');
  });
}

t.test('really compressed: the example answer is smaller on the wire', async (t) => {
  const native = await rustTransport.listen(batteriesApp().compile(), { host: '127.0.0.1', port: 0 });
  t.teardown(() => native.close({ graceMs: 500 }));
  const raw = 'GET /items100 HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br\r\n\r\n';
  const res = (await exchange(native.port, raw, 1, { timeoutMs: 5000 })).responses[0];
  t.equal(res?.headers['content-encoding'], 'br');
  t.equal(res?.headers.vary, 'Origin, accept-encoding');
  const plain = brotliDecompressSync(res?.body ?? Buffer.alloc(0));
  t.ok((res?.body.length ?? 0) < plain.length / 3, `${res?.body.length} bytes for ${plain.length}`);
  const stream = (await exchange(native.port, raw.replace('/items100', '/stream'), 1, { timeoutMs: 5000 }))
    .responses[0];
  t.equal(stream?.headers['content-encoding'], 'br', 'a stream is compressed too');
  t.equal(stream?.headers['transfer-encoding'], 'chunked');
});
