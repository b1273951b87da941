/**
 * Every scheme form over real sockets on node:http, uWS and Rust: 401 with RFC 6750's challenge
 * when no identity (and a body naming the check, never the token), 403 with an identity a guard
 * refuses, optional auth, a protected sub-app, and API keys from a header, the query and a cookie.
 */
import t from 'tap';
import { jwtSigner } from '../src/index.js';
import { call, ENGINES } from './engines.js';
import { authApp } from './fixtures-app.js';
import { noneToken, now, SECRET, token } from './keys.js';

const signer = jwtSigner({ key: { secret: SECRET }, issuer: 'tests' });
const bearer = (tok: string) => ({ authorization: `Bearer ${tok}` });

for (const engine of ENGINES) {
  t.test(`auth on ${engine.name}`, async (t) => {
    const { api, calls } = authApp();
    const server = await engine.start(api);
    t.teardown(() => server.close({ graceMs: 500 }));
    const url = (path: string) => `${server.url}${path}`;
    const alice = await signer.sign({ roles: ['admin', 'user'] }, { subject: 'alice' });
    const bob = await signer.sign({ roles: ['user'] }, { subject: 'bob' });
    const carol = await signer.sign({ roles: [], permissions: ['reports:read'] }, { subject: 'carol' });

    t.test('a valid token reaches the handler with its claims', async (t) => {
      const res = await call(url('/me'), bearer(alice));
      t.same(res, { status: 200, headers: res.headers, body: { sub: 'alice', roles: ['admin', 'user'] } });
      t.same(
        (await call(url('/me'), { authorization: `bearer ${alice}` })).status,
        200,
        'scheme is case-insensitive',
      );
    });

    t.test('no token: 401, the plain challenge, and the handler never runs', async (t) => {
      const before = calls.handler;
      for (const headers of [{}, { authorization: 'Basic YTpi' }] as Record<string, string>[]) {
        const res = await call(url('/me'), headers);
        t.equal(res.status, 401);
        t.equal(res.headers.get('www-authenticate'), 'Bearer realm="bolt"');
        t.match(res.headers.get('content-type'), /^application\/json/);
        t.same(res.body, { detail: 'Not authenticated: send an "Authorization: Bearer <token>" header' });
      }
      t.equal(calls.handler, before);
    });

    t.test('refused tokens: 401 invalid_token naming the check, without the token', async (t) => {
      const cases = [
        [
          'bad signature',
          await token({ sub: 'a', roles: [], iss: 'tests' }, 'HS256', `${SECRET}x`),
          'the signature does not verify',
        ],
        [
          'expired',
          await token({ sub: 'a', roles: [], iss: 'tests', exp: now() - 10 }, 'HS256', SECRET),
          'it has expired (exp)',
        ],
        ['alg none', noneToken({ sub: 'a', roles: [], iss: 'tests' }), 'its algorithm (alg) is not accepted'],
        [
          'wrong issuer',
          await token({ sub: 'a', roles: [], iss: 'evil' }, 'HS256', SECRET),
          'its issuer (iss) is not accepted',
        ],
        [
          'not yet valid',
          await token({ sub: 'a', roles: [], iss: 'tests', nbf: now() + 600 }, 'HS256', SECRET),
          'it is not valid yet (nbf)',
        ],
        [
          'claims off the schema',
          await token({ sub: 'a', roles: 'admin', iss: 'tests' }, 'HS256', SECRET),
          'its claims do not match the schema',
        ],
        ['garbage', 'not.a.jwt', 'it is not a well-formed JWT'],
        ['bad characters', 'a"b', 'it is not a well-formed JWT'],
      ] as const;
      for (const [name, tok, words] of cases) {
        const res = await call(url('/me'), bearer(tok));
        t.equal(res.status, 401, `${name}: 401`);
        const challenge = res.headers.get('www-authenticate') ?? '';
        t.match(
          challenge,
          /^Bearer realm="bolt", error="invalid_token", error_description="Invalid token: /,
          name,
        );
        t.match((res.body as { detail: string }).detail, words, `${name}: the detail names the check`);
        t.notOk(
          JSON.stringify(res.body).includes(tok.slice(0, 20)) || challenge.includes(tok.slice(0, 20)),
          `${name}: token not echoed`,
        );
      }
    });

    t.test('optional auth: undefined without a token, the user with one, 401 with a bad one', async (t) => {
      t.same((await call(url('/maybe'))).body, { sub: null });
      t.same((await call(url('/maybe'), bearer(bob))).body, { sub: 'bob' });
      t.equal((await call(url('/maybe'), bearer('x.y.z'))).status, 401);
    });

    t.test('guards: 401 without identity, 403 with one the guard refuses', async (t) => {
      t.same((await call(url('/admin'), bearer(alice))).body, { admin: 'alice' });
      const denied = await call(url('/admin'), bearer(bob));
      t.equal(denied.status, 403);
      t.same(denied.body, { detail: 'Not permitted: requires role "admin"' });
      t.equal(denied.headers.get('www-authenticate'), null, 'a 403 carries no challenge');
      t.equal((await call(url('/admin'))).status, 401);

      t.equal((await call(url('/reports'), bearer(alice))).status, 200, 'anyOf: the role');
      t.equal((await call(url('/reports'), bearer(carol))).status, 200, 'anyOf: the permission');
      const neither = await call(url('/reports'), bearer(bob));
      t.same(
        [neither.status, neither.body],
        [403, { detail: 'Not permitted: requires role "admin" or permission "reports:read"' }],
      );
      t.equal((await call(url('/reports'))).status, 401);
    });

    t.test('a protected sub-app: 401 before the body is read, 403 from its guard', async (t) => {
      const post = (headers: Record<string, string>, body: string) =>
        call(
          url('/team/items'),
          { 'content-type': 'application/json', ...headers },
          { method: 'POST', body },
        );
      const anonymous = await post({}, '{"wrong":1}');
      t.equal(anonymous.status, 401, 'no token and an invalid body: 401, not 422');
      t.equal(anonymous.headers.get('www-authenticate'), 'Bearer realm="bolt"');
      t.equal((await post(bearer(bob), '{"wrong":1}')).status, 422, 'with a token the body is checked');
      t.same((await post(bearer(bob), '{"name":"x"}')).body, { created: 'x' });
      t.equal((await call(url('/team/'), bearer(carol))).status, 403, 'carol has no "user" role');
      t.same((await call(url('/open'))).body, { ok: true }, 'routes outside the sub-app stay open');
    });

    t.test('API keys: header (static, constant-time), query and cookie (lookup)', async (t) => {
      t.same((await call(url('/key/header'), { 'x-api-key': 'k-two' })).body, { keyIndex: 1 });
      const wrong = await call(url('/key/header'), { 'x-api-key': 'k-three' });
      t.same([wrong.status, wrong.body], [401, { detail: 'Invalid API key' }]);
      t.equal(wrong.headers.get('www-authenticate'), 'ApiKey in="header", name="x-api-key"');
      const none = await call(url('/key/header'));
      t.same(
        [none.status, none.body],
        [401, { detail: 'Not authenticated: send the API key in the "x-api-key" header' }],
      );

      t.same((await call(url('/key/query?key=store-key-1'))).body, { owner: 'ann' });
      t.equal((await call(url('/key/query?key=nope'))).status, 401);
      t.equal((await call(url('/key/query'))).status, 401);

      t.same((await call(url('/key/cookie'), { cookie: 'a=1; session_key=store-key-1' })).body, {
        owner: 'ann',
      });
      t.equal((await call(url('/key/cookie'), { cookie: 'session_key=nope' })).status, 401);
    });
  });
}
