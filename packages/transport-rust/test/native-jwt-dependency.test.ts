// The example's `/auth/me` (jwtAuth's `user` dependency, no protect()) with its app-wide plugins
// on (requestId, cors, securityHeaders, compress): a refused token is answered by Rust with the
// whole answer node:http gives (the app-wide headers included, a generated request id aside)
// without entering JavaScript; a valid token reaches the handler with the verified claims.
import type { RunningServer } from '@bolt/core';
import t from 'tap';
import { nativePlan } from '../src/native-plan.js';
import { batteriesAuthApp, calls, exampleToken, ORIGIN } from './fixtures/batteries-app.js';
import { ask as answerOf, jsEntries, maskGeneratedId, serveNativeAndNode } from './fixtures/differential.js';
import { aliceOf, b64, hs256, jws, now } from './fixtures/tokens.js';

const SECRET = 'bolt-example-development-secret-do-not-use-in-production';
const ISSUER = 'bolt-example';
const hs = (header: object, claims: object, secret = SECRET) => jws(header, claims, hs256(secret));
const alice = aliceOf(ISSUER);
/** The answer as Bolt wrote it, a generated request id as a mark. */
const ask = async (server: RunningServer, path: string, headers: string[], method = 'GET') =>
  maskGeneratedId(await answerOf(server, path, headers, method));
const pair = serveNativeAndNode;

const make = () => batteriesAuthApp({ secret: SECRET, issuer: ISSUER });

t.test('the plan runs the dependency form on /auth/me with the app-wide plugins on', async (t) => {
  const app = (await make()).compile();
  const plan = nativePlan(app, true);
  const me = app.routes.find((r) => r.pattern === '/auth/me');
  t.ok(me?.dependencyForm, 'core reports the dependency form');
  t.same([...plan.kinds].sort(), ['compress', 'jwt']);
  t.ok(me && plan.routeForms[me.index]?.length === 1, 'Rust checks the token there');
  t.ok(me && plan.decorated?.[me.index], 'its refusals carry the app-wide headers');
});

t.test('refused tokens: the answer node:http gives, without entering JavaScript', async (t) => {
  const { native, node } = await pair(t, make);
  const refusals: [string, string[]][] = [
    ['no token', []],
    [
      'a bad signature',
      [`Authorization: Bearer ${hs({ alg: 'HS256', typ: 'JWT' }, alice(), 'another secret')}`],
    ],
    [
      'expired',
      [`Authorization: Bearer ${hs({ alg: 'HS256' }, alice({ iat: now() - 1000, exp: now() - 100 }))}`],
    ],
    ['alg none', [`Authorization: Bearer ${b64({ alg: 'none' })}.${b64(alice())}.`]],
    ['a wrong issuer', [`Authorization: Bearer ${hs({ alg: 'HS256' }, alice({ iss: 'someone-else' }))}`]],
  ];
  const variants: [string, string[]][] = [
    ['', []],
    [', allowed origin', [`Origin: ${ORIGIN}`]],
    [', refused origin', ['Origin: https://evil.example']],
    [', a sane request id', ['X-Request-Id: given-7']],
    [', accept-encoding br', ['Accept-Encoding: br']],
  ];
  for (const [what, auth] of refusals) {
    for (const [how, extra] of variants) {
      const want = await ask(node, '/auth/me', [...auth, ...extra]);
      t.equal(want.status, 401, `${what}${how}: 401 on node:http`);
      const before = { js: jsEntries.count, ...calls };
      const got = await ask(native, '/auth/me', [...auth, ...extra]);
      t.same({ js: jsEntries.count, ...calls }, before, `${what}${how}: JavaScript was not entered`);
      t.same(got, want, `${what}${how}: the same answer`);
    }
  }
});

t.test("without CORS or other plugins, the request id alone decorates Rust's refusals", async (t) => {
  const bare = () => batteriesAuthApp({ secret: SECRET, issuer: ISSUER, plugins: false });
  const app = (await bare()).compile();
  const me = app.routes.find((r) => r.pattern === '/auth/me');
  const plan = nativePlan(app, true);
  t.ok(me && plan.routeForms[me.index]?.length === 1, 'Rust checks the token there');
  const { native, node } = await pair(t, bare);
  const bad = `Authorization: Bearer ${hs({ alg: 'HS256' }, alice(), 'another secret')}`;
  for (const extra of [[], ['X-Request-Id: given-9']]) {
    const want = await ask(node, '/auth/me', [bad, ...extra]);
    const js = jsEntries.count;
    const got = await ask(native, '/auth/me', [bad, ...extra]);
    t.equal(jsEntries.count, js, 'JavaScript was not entered');
    t.same(got, want, 'the answer node:http gives, x-request-id included');
    t.ok(
      got.headers.some(([n]) => n === 'x-request-id'),
      'it carries the request id',
    );
  }
});

t.test('a valid token reaches the handler with its claims', async (t) => {
  const { native, node } = await pair(t, make);
  const token = await exampleToken({ secret: SECRET, issuer: ISSUER });
  const headers = [`Authorization: Bearer ${token}`, `Origin: ${ORIGIN}`];
  const want = await ask(node, '/auth/me', headers);
  const before = calls.handlers;
  const got = await ask(native, '/auth/me', headers);
  t.equal(calls.handlers, before + 1, 'the handler ran');
  t.same(got, want, 'the same answer');
  t.equal(got.body, '{"username":"alice","roles":["admin","user"]}');
  // A token whose claims do not match the schema is still refused by the dependency in JS.
  const bad = [`Authorization: Bearer ${hs({ alg: 'HS256' }, alice({ roles: 'admin' }))}`];
  const wantBad = await ask(node, '/auth/me', bad);
  const js = jsEntries.count;
  t.same(await ask(native, '/auth/me', bad), wantBad, 'claims schema: the same 401, from JS');
  t.equal(jsEntries.count, js + 1, 'JS checked the claims');
});
