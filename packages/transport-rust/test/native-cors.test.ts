// CORS preflights answered in Rust (native form `cors`): over real sockets, the native server's
// answers are byte for byte those of the same app with every hook in JavaScript
// (`nativeForms: false`), and no handler or cors hook runs for a preflight. Actual answers keep
// their CORS headers (the plugin's onSend hook still runs in JS).
import { exchange } from '@bolt/conformance';
import type { RunningServer } from '@bolt/core';
import t, { type Test } from 'tap';
import { serve } from '../src/index.js';
import { type CorsAppOptions, calls, corsApp } from './fixtures/cors-app.js';

const ALLOWED = 'https://app.example';

/** One request per line list; `Host` added. */
function raw(method: string, path: string, headers: string[]): string {
  return [`${method} ${path} HTTP/1.1`, 'Host: x', ...headers, '', ''].join('\r\n');
}

const preflights: [string, string][] = [
  [
    'routed path, allowed origin, echoed headers',
    raw('OPTIONS', '/items/1', [
      `Origin: ${ALLOWED}`,
      'Access-Control-Request-Method: PUT',
      'Access-Control-Request-Headers: x-a',
      'Access-Control-Request-Headers: x-b',
    ]),
  ],
  [
    'unrouted path',
    raw('OPTIONS', '/nowhere/at/all', [`Origin: ${ALLOWED}`, 'Access-Control-Request-Method: DELETE']),
  ],
  [
    'refused origin',
    raw('OPTIONS', '/items/1', ['Origin: https://evil.example', 'Access-Control-Request-Method: PUT']),
  ],
  [
    'empty requested headers',
    raw('OPTIONS', '/items/2', [
      `Origin: ${ALLOWED}`,
      'Access-Control-Request-Method: PUT',
      'Access-Control-Request-Headers:',
    ]),
  ],
];

const others: [string, string][] = [
  ['OPTIONS without a requested method', raw('OPTIONS', '/items/1', [`Origin: ${ALLOWED}`])],
  ['OPTIONS without an origin', raw('OPTIONS', '/items/1', ['Access-Control-Request-Method: PUT'])],
  ['actual GET, allowed origin', raw('GET', '/items/7', [`Origin: ${ALLOWED}`])],
  ['actual GET, refused origin', raw('GET', '/items/7', ['Origin: https://evil.example'])],
  ['unrouted GET', raw('GET', '/nope', [`Origin: ${ALLOWED}`])],
];

/** The whole answer as sent, without its `date` line. */
async function answer(server: RunningServer, request: string): Promise<string> {
  const res = await exchange(server.port, request, 1, { timeoutMs: 5000 });
  return res.raw.toString('latin1').replace(/^date: [^\r]*\r\n/im, '');
}

async function pair(t: Test, options: CorsAppOptions, extraHook = false) {
  const native = await serve(corsApp(options, { extraHook }), { port: 0 });
  const reference = await serve(corsApp(options, { extraHook }), { port: 0, nativeForms: false });
  t.teardown(() => Promise.all([native.close({ graceMs: 500 }), reference.close({ graceMs: 500 })]));
  return { native, reference };
}

const policies: [string, CorsAppOptions][] = [
  [
    'a list with credentials and max age',
    { origins: [ALLOWED], credentials: true, maxAge: 600, exposedHeaders: ['x-id'] },
  ],
  ['any origin with fixed allowed headers', { origins: '*', allowedHeaders: ['x-a', 'content-type'] }],
  ['any origin with credentials', { origins: '*', credentials: true }],
];

for (const [name, options] of policies) {
  t.test(`${name}: preflights answered in Rust, as JavaScript answers them`, async (t) => {
    const { native, reference } = await pair(t, options);
    for (const [what, request] of preflights) {
      const want = await answer(reference, request);
      t.match(want, /^HTTP\/1\.1 204 /, `${what}: JS answers 204`);
      const before = { ...calls };
      const got = await answer(native, request);
      t.same(calls, before, `${what}: no handler or hook ran`);
      t.equal(got, want, `${what}: same bytes`);
    }
    for (const [what, request] of others) {
      const want = await answer(reference, request);
      const before = calls.hooks;
      t.equal(await answer(native, request), want, `${what}: same bytes`);
      t.ok(calls.hooks > before, `${what}: went through JS`);
    }
  });
}

t.test('the JS reference does run the hook for a preflight (the counter sees it)', async (t) => {
  const { reference } = await pair(t, { origins: [ALLOWED] });
  const before = calls.hooks;
  const [, request] = preflights[0] as [string, string];
  await answer(reference, request);
  t.ok(calls.hooks > before);
});

t.test('actual answers keep their CORS headers', async (t) => {
  const { native } = await pair(t, { origins: [ALLOWED], credentials: true, exposedHeaders: ['x-id'] });
  const res = await fetch(`${native.url}/items/3`, { headers: { origin: ALLOWED } });
  t.equal(res.status, 200);
  t.equal(res.headers.get('access-control-allow-origin'), ALLOWED);
  t.equal(res.headers.get('access-control-allow-credentials'), 'true');
  t.equal(res.headers.get('access-control-expose-headers'), 'x-id');
  t.equal(res.headers.get('vary'), 'Origin');
  await res.arrayBuffer();
});

t.test('JavaScript answers preflights when Rust cannot give the whole answer', async (t) => {
  const cases: [string, CorsAppOptions, boolean][] = [
    ['another app-wide hook', { origins: [ALLOWED] }, true],
    ['origins as a RegExp', { origins: /^https:\/\/app\.example$/ }, false],
  ];
  for (const [what, options, extraHook] of cases) {
    const { native, reference } = await pair(t, options, extraHook);
    const [, request] = preflights[0] as [string, string];
    const want = await answer(reference, request);
    const before = calls.hooks;
    t.equal(await answer(native, request), want, `${what}: same bytes`);
    t.ok(calls.hooks > before, `${what}: answered in JS`);
    if (extraHook) t.match(want, /\r\nx-extra: 1\r\n/, `${what}: the other hook's header is there`);
  }
});
