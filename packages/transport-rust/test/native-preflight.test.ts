// CORS preflights answered in Rust with the example's app-wide plugins on (core's requestId,
// cors, securityHeaders, compress): Rust reproduces the root's onSend hooks on its answer, so it
// is the whole answer node:http gives (a generated request id aside), and JS is not entered.
import { exchange } from '@bolt/conformance';
import type { BoltAPI, RunningServer } from '@bolt/core';
import { nodeTransport } from '@bolt/core/node';
import t, { type Test } from 'tap';
import { rustTransport } from '../src/index.js';
import { nativeConfig } from '../src/native-config.js';
import { resolveOptions } from '../src/options.js';
import { batteriesApp, calls, counted, ORIGIN } from './fixtures/batteries-app.js';
import { countingApp, jsEntries } from './fixtures/differential.js';

const SKIP = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

/** The answer's header lines as sent (the engine's own aside); a generated id as a mark. */
async function ask(server: RunningServer, path: string, headers: string[], method = 'OPTIONS') {
  const raw = [`${method} ${path} HTTP/1.1`, 'Host: x', ...headers, '', ''].join('\r\n');
  const res = (await exchange(server.port, raw, 1, { timeoutMs: 5000 })).responses[0];
  if (!res) throw new Error(`no answer to ${path}`);
  return {
    status: res.status,
    headers: res.headerLines
      .filter(([n]) => !SKIP.has(n))
      .map(([n, v]): [string, string] => [
        n,
        n === 'x-request-id' && !v.startsWith('given') ? '<generated>' : v,
      ]),
    body: res.body.toString('utf8'),
  };
}

async function pair(t: Test, make: () => BoltAPI) {
  const native = await rustTransport.listen(countingApp(make().compile()), { host: '127.0.0.1', port: 0 });
  const node = await nodeTransport.listen(make().compile(), { host: '127.0.0.1', port: 0 });
  t.teardown(() => Promise.all([native.close({ graceMs: 500 }), node.close({ graceMs: 500 })]));
  return { native, node };
}

const preflights: [string, string, string[]][] = [
  [
    'allowed origin, echoed headers',
    '/items100',
    [
      `Origin: ${ORIGIN}`,
      'Access-Control-Request-Method: PUT',
      'Access-Control-Request-Headers: authorization',
    ],
  ],
  ['unrouted path', '/nowhere/at/all', [`Origin: ${ORIGIN}`, 'Access-Control-Request-Method: DELETE']],
  ['refused origin', '/items100', ['Origin: https://evil.example', 'Access-Control-Request-Method: PUT']],
  [
    'a sane request id is echoed',
    '/small',
    [`Origin: ${ORIGIN}`, 'Access-Control-Request-Method: GET', 'X-Request-Id: given-42'],
  ],
  [
    'an insane one is replaced',
    '/small',
    [`Origin: ${ORIGIN}`, 'Access-Control-Request-Method: GET', 'X-Request-Id: a b'],
  ],
  [
    'with accept-encoding',
    '/items100',
    [`Origin: ${ORIGIN}`, 'Access-Control-Request-Method: GET', 'Accept-Encoding: br'],
  ],
];

t.test('the example-like app: preflights answered by Rust as node:http answers them', async (t) => {
  const { native, node } = await pair(t, () => batteriesApp());
  for (const [what, path, headers] of preflights) {
    const want = await ask(node, path, headers);
    t.equal(want.status, 204, `${what}: 204`);
    const before = { js: jsEntries.count, ...calls };
    const got = await ask(native, path, headers);
    t.same({ js: jsEntries.count, ...calls }, before, `${what}: JavaScript was not entered`);
    t.same(got, want, `${what}: the same answer`);
  }
  // Generated ids differ per request and are well formed.
  const a = await ask(native, '/small', [`Origin: ${ORIGIN}`, 'Access-Control-Request-Method: GET']);
  t.ok(a.headers.some(([n, v]) => n === 'x-request-id' && v === '<generated>'));
  // Not preflights: JS answers them (actual answers carry the same app-wide headers).
  for (const [what, headers] of [
    ['OPTIONS without a requested method', [`Origin: ${ORIGIN}`]],
    ['GET with an origin', [`Origin: ${ORIGIN}`]],
  ] as const) {
    const method = what.startsWith('GET') ? 'GET' : 'OPTIONS';
    const want = await ask(node, '/small', [...headers], method);
    const before = jsEntries.count;
    t.same(await ask(native, '/small', [...headers], method), want, `${what}: the same answer`);
    t.ok(jsEntries.count > before, `${what}: answered in JS`);
  }
});

t.test('Rust leaves preflights to JS when a root hook is not reproducible', async (t) => {
  const plan = (api: BoltAPI) => nativeConfig(api.compile(), resolveOptions({}));
  t.ok(plan(batteriesApp()).cors, 'the example-like app: native');
  t.same(
    plan(batteriesApp()).decorations?.map((d) => Object.keys(d).join()),
    ['requestId', 'cors', 'securityAlways,securityHtml'],
    'request id, cors, security headers, in the root onSend order (compress runs in Rust)',
  );
  const extra = () => {
    const api = batteriesApp();
    api.use(counted({ name: 'x', register: (a) => void a.addHook('onSend', (_r, res) => res) }));
    return api;
  };
  t.notOk(plan(extra()).cors, 'another onSend hook without a native form: JS');
  const { native, node } = await pair(t, extra);
  const [, path, headers] = preflights[0] as [string, string, string[]];
  const want = await ask(node, path, headers);
  const before = jsEntries.count;
  t.same(await ask(native, path, headers), want, 'the same answer, from JS');
  t.ok(jsEntries.count > before, 'JS answered it');
});
