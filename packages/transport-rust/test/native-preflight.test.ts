// CORS preflights answered in Rust with the example's app-wide plugins on (core's requestId,
// cors, securityHeaders, compress): Rust reproduces the root's onSend hooks on its answer, so it
// is the whole answer node:http gives (a generated request id aside), and JS is not entered.
import type { BoltAPI, RunningServer } from '@bolt/core';
import t from 'tap';
import { nativeConfig } from '../src/native-config.js';
import { resolveOptions } from '../src/options.js';
import { batteriesApp, calls, counted, ORIGIN } from './fixtures/batteries-app.js';
import { ask as answerOf, jsEntries, maskGeneratedId, serveNativeAndNode } from './fixtures/differential.js';

/** The answer as Bolt wrote it, a generated request id as a mark. */
const ask = async (server: RunningServer, path: string, headers: string[], method = 'OPTIONS') =>
  maskGeneratedId(await answerOf(server, path, headers, method));
const pair = serveNativeAndNode;

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
