/**
 * The example's auth endpoints, black-box, over real sockets on node:http, uWS and Rust: exactly
 * the checks DESIGN.md lists (token issue, /auth/me and its refusals, /admin/stats for admins only,
 * /reports behind x-api-key), plus the warnings for unset secrets.
 */

import { createHmac } from 'node:crypto';
import { serve as serveNode } from '@bolt/core/node';
import { serve as serveRust } from '@bolt/transport-rust';
import { serve as serveUws } from '@bolt/transport-uws';
import t from 'tap';

const SECRET = 'example-test-secret-of-more-than-32-bytes';
process.env.JWT_SECRET = SECRET;
delete process.env.API_KEY; // the development default, dev-key
const { api } = await import('../src/app.js');
const { authRoutes } = await import('../src/routes/auth.js');

const engines = [
  ['node', () => serveNode(api, { host: '127.0.0.1', port: 0, handleSignals: false })],
  ['uws', () => serveUws(api, { host: '127.0.0.1', port: 0, handleSignals: false })],
  ['rust', () => serveRust(api, { host: '127.0.0.1', port: 0, handleSignals: false })],
] as const;

const now = () => Math.floor(Date.now() / 1000);
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
/** An HS256 token made by hand (node:crypto), so the test does not share the app's JWT library. */
const craft = async (claims: Record<string, unknown>, secret = SECRET) => {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'alice', roles: ['admin', 'user'], iss: 'bolt-example', exp: now() + 600, ...claims })}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
};

for (const [name, start] of engines) {
  t.test(`example auth endpoints on ${name}`, async (t) => {
    const server = await start();
    t.teardown(() => server.close({ graceMs: 500 }));
    const call = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(`${server.url}${path}`, init);
      return {
        status: res.status,
        headers: res.headers,
        body: (await res.json()) as Record<string, unknown>,
      };
    };
    const login = (username: string, password: string) =>
      call('/auth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
    const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

    const issued = await login('alice', 'wonderland');
    t.equal(issued.status, 200);
    t.same(Object.keys(issued.body).sort(), ['access_token', 'expires_in', 'token_type']);
    t.match(issued.body, {
      token_type: 'bearer',
      expires_in: 900,
      access_token: /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/,
    });
    const alice = issued.body.access_token as string;
    const header = JSON.parse(Buffer.from(alice.split('.')[0] as string, 'base64url').toString());
    const claims = JSON.parse(Buffer.from(alice.split('.')[1] as string, 'base64url').toString());
    t.equal(header.alg, 'HS256');
    t.match(claims, { iss: 'bolt-example', sub: 'alice' });
    t.equal(claims.exp - claims.iat, 900);

    for (const [user, password] of [
      ['alice', 'wrong'],
      ['nobody', 'wonderland'],
      ['bob', 'wonderland'],
    ]) {
      const refused = await login(user as string, password as string);
      t.equal(refused.status, 401, `${user}/${password} is refused`);
      t.same(refused.body, { detail: 'Incorrect username or password' });
    }

    t.same((await call('/auth/me', bearer(alice))).body, { username: 'alice', roles: ['admin', 'user'] });
    const bob = (await login('bob', 'builder')).body.access_token as string;
    t.same((await call('/auth/me', bearer(bob))).body, { username: 'bob', roles: ['user'] });

    const refusals: [string, RequestInit][] = [
      ['no token', {}],
      ['bad signature', bearer(await craft({}, `${SECRET}-not`))],
      ['expired', bearer(await craft({ exp: now() - 60 }))],
      [
        'alg none',
        bearer(
          `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'alice', roles: ['admin'], iss: 'bolt-example', exp: now() + 600 })}.`,
        ),
      ],
      ['wrong issuer', bearer(await craft({ iss: 'someone-else' }))],
    ];
    for (const [what, init] of refusals) {
      const res = await call('/auth/me', init);
      t.equal(res.status, 401, `${what}: 401`);
      const challenge = res.headers.get('www-authenticate') ?? '';
      t.match(challenge, /^Bearer realm="bolt-example"/, `${what}: www-authenticate`);
      if (what !== 'no token') t.match(challenge, /error="invalid_token"/, `${what}: invalid_token`);
    }

    t.same(await call('/admin/stats', bearer(alice)).then((r) => [r.status, r.body]), [200, { users: 2 }]);
    t.equal((await call('/admin/stats', bearer(bob))).status, 403);
    t.equal((await call('/admin/stats')).status, 401);

    t.same(await call('/reports', { headers: { 'x-api-key': 'dev-key' } }).then((r) => [r.status, r.body]), [
      200,
      { reports: [] },
    ]);
    t.equal((await call('/reports', { headers: { 'x-api-key': 'wrong' } })).status, 401);
    t.equal((await call('/reports')).status, 401);
  });
}

t.test('unset JWT_SECRET and API_KEY are logged as warnings', async (t) => {
  const saved = process.env.JWT_SECRET;
  delete process.env.JWT_SECRET;
  t.teardown(() => {
    process.env.JWT_SECRET = saved;
  });
  const warnings: unknown[] = [];
  const logger = {
    warn: (obj: object) => void warnings.push(obj),
    info: () => {},
    error: () => {},
    debug: () => {},
    trace: () => {},
    fatal: () => {},
    child: () => logger,
  };
  authRoutes({ logger: logger as never });
  t.same(warnings, [{ setting: 'JWT_SECRET' }, { setting: 'API_KEY' }]);
});
