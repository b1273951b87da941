// The native form `jwt` (@bolt/auth's protect()) verified in Rust: over real sockets, every
// refused token is answered exactly as the JS check answers it on node:http (and on this engine
// with nativeForms: false), without entering JavaScript; a valid token reaches the handler with
// the verified claims in `request.native.jwt`, and the guards and the claims schema still run in JS.
import { createHmac, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import t from 'tap';
import { authApp, calls, ISSUER, SECRET, signer } from './fixtures/auth-app.js';
import { ask, jsEntries, serveThree } from './fixtures/differential.js';
import { aliceOf, hs256, jws, now } from './fixtures/tokens.js';

const alice = aliceOf(ISSUER);
const hsToken = (claims: object, header: object = { alg: 'HS256', typ: 'JWT' }) =>
  jws(header, claims, hs256(SECRET));

const bearer = (token: string) => [`Authorization: Bearer ${token}`];

t.test('the example-like auth routes: every refusal answered by Rust as JS answers it', async (t) => {
  const servers = await serveThree(t, () => authApp());
  const valid = await signer.sign({ roles: ['admin', 'user'] }, { subject: 'alice' });
  const [head, payload, sig] = valid.split('.') as [string, string, string];
  const flipped = `${head}.${payload}.${sig.slice(0, 10)}${sig[10] === 'A' ? 'B' : 'A'}${sig.slice(11)}`;
  const refusals: [string, string[]][] = [
    ['no Authorization header', []],
    ['another scheme', ['Authorization: Basic YWxpY2U6d29uZGVybGFuZA==']],
    ['Bearer without a token', ['Authorization: Bearer']],
    ['not a JWT', bearer('not-a-jwt')],
    ['three parts that are not base64url JSON', bearer('a.b.c')],
    ['characters outside b64token', ['Authorization: Bearer abc$def']],
    ['a bad signature', bearer(flipped)],
    ['expired', bearer(hsToken(alice({ iat: now() - 1000, exp: now() - 100 })))],
    ['nbf in the future', bearer(hsToken(alice({ nbf: now() + 600 })))],
    ['iat in the future', bearer(hsToken(alice({ iat: now() + 600 })))],
    ['a wrong issuer', bearer(hsToken(alice({ iss: 'someone-else' })))],
    ['no issuer', bearer(hsToken({ sub: 'alice', roles: [], exp: now() + 900 }))],
    ['no exp (a required claim)', bearer(hsToken({ sub: 'alice', roles: [], iss: ISSUER }))],
    ['exp not a number', bearer(hsToken(alice({ exp: 'tomorrow' })))],
    ['alg none', bearer(jws({ alg: 'none', typ: 'JWT' }, alice(), () => ''))],
    [
      'alg HS512, not pinned',
      bearer(jws({ alg: 'HS512' }, alice(), (i) => createHmac('sha512', SECRET).update(i).digest())),
    ],
    [
      'an unknown critical header',
      bearer(jws({ alg: 'HS256', crit: ['exp'], exp: 1 }, alice(), hs256(SECRET))),
    ],
    ['a header that is no object', bearer(jws([1] as unknown as object, alice(), hs256(SECRET)))],
    ['claims that are no object', bearer(jws({ alg: 'HS256' }, [1], hs256(SECRET)))],
  ];
  for (const [what, headers] of refusals) {
    const want = await ask(servers.node, '/auth/me', headers);
    const before = { js: jsEntries.count, handlers: calls.handlers, hooks: calls.hooks };
    const got = await ask(servers.native, '/auth/me', headers);
    t.same(got, want, `${what}: the answer node:http gives`);
    t.equal(want.status, 401, `${what}: 401`);
    t.same(
      { js: jsEntries.count, handlers: calls.handlers, hooks: calls.hooks },
      before,
      `${what}: JavaScript not entered`,
    );
    t.same(await ask(servers.jsOnRust, '/auth/me', headers), want, `${what}: as with nativeForms: false`);
  }
});

t.test('a valid token reaches JS with its verified claims; guards and the schema run in JS', async (t) => {
  const servers = await serveThree(t, () => authApp());
  const token = await signer.sign({ roles: ['admin', 'user'] }, { subject: 'alice' });
  const bob = await signer.sign({ roles: ['user'] }, { subject: 'bob' });
  const onNode = await ask(servers.node, '/auth/me', bearer(token));
  const before = { js: jsEntries.count, hooks: calls.hooks };
  const me = await ask(servers.native, '/auth/me', bearer(token));
  t.same(me, onNode, 'as node:http answers');
  t.equal(me.status, 200);
  t.same(JSON.parse(me.body), { username: 'alice', roles: ['admin', 'user'] });
  t.equal(jsEntries.count, before.js + 1, 'one entry into JS');
  t.equal(calls.hooks, before.hooks, "protect()'s check hook did not run in JS (Rust ran it)");

  const claims = JSON.parse((await ask(servers.native, '/claims', bearer(token))).body);
  const sent = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString());
  t.same(claims, { native: sent }, 'the handler sees the verified claims as request.native.jwt');

  for (const [who, tok, status] of [
    ['alice', token, 200],
    ['bob', bob, 403],
  ] as const) {
    const got = await ask(servers.native, '/admin/stats', bearer(tok));
    t.same(got, await ask(servers.node, '/admin/stats', bearer(tok)), `${who} on /admin/stats as on node`);
    t.equal(got.status, status);
  }
  // Signature and times are fine but the claims miss `roles`: the schema's 401 comes from JS.
  const odd = bearer(hsToken({ sub: 'alice', iss: ISSUER, exp: now() + 900 }));
  const schema = await ask(servers.native, '/auth/me', odd);
  t.same(schema, await ask(servers.node, '/auth/me', odd), 'claims schema refusal as on node');
  t.equal(schema.status, 401);
  t.match(schema.body, /do not match the schema/);
  t.equal((await ask(servers.native, '/public')).status, 200, 'an unprotected route needs no token');
});

t.test('audience, maximum age and clock tolerance, as JS checks them', async (t) => {
  const servers = await serveThree(t, () =>
    authApp({ audience: 'bolt-api', maxAgeSec: 60, clockToleranceSec: 30 }),
  );
  const cases: [string, object, number][] = [
    ['a matching aud', alice({ aud: 'bolt-api' }), 200],
    ['aud in a list', alice({ aud: ['x', 'bolt-api'] }), 200],
    ['a wrong aud', alice({ aud: 'other' }), 401],
    ['no aud', alice(), 401],
    ['older than the maximum age', alice({ aud: 'bolt-api', iat: now() - 120 }), 401],
    ['no iat with a maximum age', { ...alice({ aud: 'bolt-api' }), iat: undefined }, 401],
    ['expired within the tolerance', alice({ aud: 'bolt-api', exp: now() - 10 }), 200],
    ['expired past the tolerance', alice({ aud: 'bolt-api', exp: now() - 40 }), 401],
    ['nbf within the tolerance', alice({ aud: 'bolt-api', nbf: now() + 10 }), 200],
  ];
  for (const [what, claims, status] of cases) {
    const headers = bearer(hsToken(claims));
    const want = await ask(servers.node, '/auth/me', headers);
    const before = jsEntries.count;
    const got = await ask(servers.native, '/auth/me', headers);
    t.same(got, want, `${what}: as node:http answers`);
    t.equal(got.status, status, `${what}: ${status}`);
    if (status === 401) t.equal(jsEntries.count, before, `${what}: JavaScript not entered`);
  }
});

/** A PEM public key and a signer for each public-key algorithm. */
function keyPairs(): [string, string, (input: string) => Buffer][] {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ed = generateKeyPairSync('ed25519');
  const pem = (k: KeyObject) => k.export({ type: 'spki', format: 'pem' }).toString();
  return [
    ['RS256', pem(rsa.publicKey), (i) => sign('sha256', Buffer.from(i), rsa.privateKey)],
    [
      'ES256',
      pem(ec.publicKey),
      (i) => sign('sha256', Buffer.from(i), { key: ec.privateKey, dsaEncoding: 'ieee-p1363' }),
    ],
    ['EdDSA', pem(ed.publicKey), (i) => sign(null, Buffer.from(i), ed.privateKey)],
  ];
}

t.test('public keys: RS256, ES256, EdDSA; an HS256 token keyed with the public key is refused', async (t) => {
  for (const [alg, publicKey, signWith] of keyPairs()) {
    const servers = await serveThree(t, () => authApp({ key: { publicKey } }));
    const valid = bearer(jws({ alg, typ: 'JWT' }, alice(), signWith));
    const ok = await ask(servers.native, '/auth/me', valid);
    t.same(ok, await ask(servers.node, '/auth/me', valid), `${alg}: a valid token as on node`);
    t.equal(ok.status, 200, `${alg}: 200`);
    // The classic confusion: the public key, which anyone has, used as an HMAC secret.
    const confused = bearer(jws({ alg: 'HS256', typ: 'JWT' }, alice(), hs256(publicKey)));
    const before = jsEntries.count;
    const refused = await ask(servers.native, '/auth/me', confused);
    t.same(refused, await ask(servers.node, '/auth/me', confused), `${alg} key, HS256 token: as on node`);
    t.equal(refused.status, 401);
    t.match(refused.body, /algorithm \(alg\) is not accepted/);
    t.equal(jsEntries.count, before, `${alg} key, HS256 token: JavaScript not entered`);
    const forged = bearer(jws({ alg, typ: 'JWT' }, alice({ sub: 'mallory' }), () => signWith('other input')));
    t.same(
      await ask(servers.native, '/auth/me', forged),
      await ask(servers.node, '/auth/me', forged),
      `${alg}: a signature over other bytes as on node`,
    );
  }
});
