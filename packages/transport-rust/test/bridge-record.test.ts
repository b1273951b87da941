// The bridge record is declared once, in Rust (`native/src/config.rs`); its TypeScript types are
// generated. These cases send every field across and check that Rust read each one back as sent,
// so a field misnamed on either side (which napi would silently drop) fails here.
import { BoltAPI, t as s } from '@bolt/core';
import type { BoltResponse, CompiledApp, RawRequest } from '@bolt/core/transport';
import t from 'tap';
import { loadNative, rustTransport } from '../src/index.js';
import { nativeConfig } from '../src/native-config.js';
import { BRIDGE_LAYOUT, type ServerConfig } from '../src/native-types.js';
import { resolveOptions } from '../src/options.js';

const api = new BoltAPI({ bodyLimit: 4096 });
api.get('/a/{id}', () => ({ ok: true }));
api.put('/a/{id}', () => ({ ok: true }));
api.options('/b', () => ({ ok: true }));
api.post('/rt/{a}/{rest...}', { body: s.Any() }, () => ({ ok: true }));

t.test('every config field reaches Rust as sent', async (t) => {
  const native = loadNative();
  const opts = resolveOptions({
    threads: 3,
    maxInFlight: 7,
    maxHeaderSize: 9000,
    maxHeaders: 11,
    headersTimeout: 1234,
    bodyTimeout: 2345,
    requestTimeout: 3456,
    compressMinBytes: 99,
    debugPanics: true,
  });
  const compiled = api.compile();
  // Core has no route option for it yet: set `multipart` on one compiled route.
  const multipart = { fileSize: 1, files: 2, fields: 3, fieldSize: 4, parts: 5 };
  const withForm = {
    ...compiled,
    routes: compiled.routes.map((r, i) => (i === 3 ? { ...r, multipart } : r)),
  };
  const sent = nativeConfig(withForm, opts);
  t.same(sent.routes[3]?.multipart, multipart, 'multipart limits are sent for the route that has them');
  // `Required` makes the compiler name any field of the generated type this test leaves out.
  const every: Required<ServerConfig> = {
    ...sent,
    // Set from the app's jwt and rate-limit forms (test/native-jwt.test.ts, native-rate-limit.test.ts).
    routes: sent.routes.map((r, i) => (i === 0 ? { ...r, forms: [1, 0], compressForm: true } : r)),
    nativeForms: [
      {
        jwt: {
          algorithms: ['RS256', 'ES256'],
          pem: '-----BEGIN PUBLIC KEY-----',
          secretBase64: 'c2VjcmV0',
          issuer: ['a', 'b'],
          audience: ['c'],
          leewaySec: 5,
          maxAgeSec: 60,
          requiredClaims: ['exp', 'sub'],
          answers: [{ check: 'exp', answer: { status: 401, headers: ['x', 'y'], body: '{}' } }],
        },
      },
      {
        rateLimit: {
          limit: 5,
          windowMs: 60_000,
          sliding: true,
          header: 'x-client',
          sendHeaders: false,
          policy: '5;w=60',
          refused: { status: 429, headers: ['content-type', 'application/json'], body: '{}' },
        },
      },
    ],
    unmatchedForms: [1],
    // Set from the app's compress form (test/native-compress.test.ts).
    compressForm: { minBytes: 2048, encodings: ['gzip', 'br'], brotliQuality: 5, gzipLevel: 6 },
    unmatchedCompressForm: true,
    // Set from the app's cors form (test/native-cors.test.ts), not from the options.
    cors: {
      anyOrigin: false,
      origins: ['https://a.example', 'https://b.example'],
      credentials: true,
      allowMethods: 'GET, PUT',
      allowHeaders: 'x-a',
      maxAge: '600',
      exposeHeaders: 'x-id',
    },
    // The root onSend hooks Rust reproduces on preflights (test/native-preflight.test.ts).
    decorations: [
      { requestId: 'x-request-id' },
      { cors: true },
      {
        securityAlways: ['x-content-type-options', 'nosniff'],
        securityHtml: ['content-security-policy', "default-src 'self'"],
      },
    ],
    threads: 3,
    maxInFlight: 7,
    maxHeaderBytes: 9000,
    maxHeaders: 11,
    headerTimeoutMs: 1234,
    bodyTimeoutMs: 2345,
    requestTimeoutMs: 3456,
    compressMinBytes: 99,
    debugPanics: true,
  };
  const fromForms = {
    routes: every.routes,
    nativeForms: every.nativeForms,
    unmatchedForms: every.unmatchedForms,
    compressForm: every.compressForm,
    unmatchedCompressForm: every.unmatchedCompressForm,
  };
  t.same(
    { ...sent, cors: every.cors, decorations: every.decorations, ...fromForms },
    every,
    'nativeConfig sets every field from the options',
  );
  t.ok(
    sent.patterns.some((p) => p.options === undefined) && sent.patterns.some((p) => p.options !== undefined),
    'both forms of the optional OPTIONS answer are sent',
  );
  const back = native.echoServerConfig(every);
  // Rust leaves an absent optional out rather than sending `undefined`: compare as JSON.
  const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
  t.same(plain(back), plain(every), 'Rust read back every field');
  t.same(Object.keys(back).sort(), Object.keys(every).sort(), 'and no field was dropped');
});

t.test('a config of another layout is refused at createServer', async (t) => {
  const native = loadNative();
  t.equal(native.bridgeLayout(), BRIDGE_LAYOUT, 'the add-on speaks this layout');
  const config = { ...nativeConfig(api.compile(), resolveOptions({})), layout: BRIDGE_LAYOUT + 1 };
  t.throws(() => native.createServer(config), /bridge layout/);
});

t.test('every request field reaches the route as sent', async (t) => {
  const app = api.compile();
  const got: { params: readonly string[]; request: RawRequest }[] = [];
  const routes = app.routes.map((route) => ({
    ...route,
    run: (params: readonly string[], request: RawRequest): BoltResponse | Promise<BoltResponse> => {
      got.push({ params: [...params], request });
      return route.run(params, request);
    },
  }));
  const observed: CompiledApp = { ...app, routes };
  const server = await rustTransport.listen(observed, { port: 0 });
  t.teardown(() => server.close({ graceMs: 500 }));
  const res = await fetch(`${server.url}/rt/x%20y/p/q?z=1&z=2`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-one': 'a' },
    body: '{"n":1}',
  });
  t.equal(res.status, 200);
  await res.arrayBuffer();
  const [first] = got;
  t.same(first?.params, ['x%20y', 'p/q'], 'params, raw, in order');
  const r = first?.request;
  t.equal(r?.method, 'POST');
  t.equal(r?.path, '/rt/x%20y/p/q', 'path, raw');
  t.equal(r?.query, 'z=1&z=2', 'query, raw');
  t.equal(r?.remoteAddress, '127.0.0.1', 'peer address');
  t.equal(r?.headers['x-one'], 'a', 'headers');
  t.equal(r?.headers['content-type'], 'application/json');
  t.equal(Buffer.from(r?.body ?? []).toString(), '{"n":1}', 'body');
});
