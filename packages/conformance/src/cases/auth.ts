/**
 * Authentication and authorization over real sockets (the app of auth-app.ts): 401 when there is
 * no identity, with RFC 6750's challenge (`Bearer realm="bolt"` when no token was sent,
 * `error="invalid_token"` and a description when one was refused), 403 when a guard refuses an
 * identity, a body naming the failed check and never the credential, the typed user on success,
 * API keys' challenges, a protected sub-app's 401 before its body is read, and HEAD alike.
 */
import type { Test } from 'tap';
import { AUTH_REALM } from '../auth-app.js';
import { RawConnection } from '../raw-connection.js';
import { exchange } from '../raw-http.js';
import type { CaseContext } from '../target.js';
import {
  goodClaims,
  hs256,
  hs256WithRsaPublicKey,
  hs512,
  hsSigner,
  noneToken,
  rs256,
  rs256WithOtherKey,
  rsaClaims,
  rsaSigner,
  tamperClaims,
  tamperSignature,
} from './auth-tokens.js';

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

type HeaderMap = Record<string, string>;

const now = () => Math.floor(Date.now() / 1000);
const bearer = (token: string): HeaderMap => ({ authorization: `Bearer ${token}` });

/** @bolt/auth's documented details (README, src/jwt/token-checks.ts). */
const DETAIL = {
  missing: 'Not authenticated: send an "Authorization: Bearer <token>" header',
  malformed: 'Invalid token: it is not a well-formed JWT',
  algorithm: 'Invalid token: its algorithm (alg) is not accepted',
  signature: 'Invalid token: the signature does not verify',
  exp: 'Invalid token: it has expired (exp)',
  nbf: 'Invalid token: it is not valid yet (nbf)',
  iat: 'Invalid token: it was issued in the future (iat)',
  iss: 'Invalid token: its issuer (iss) is not accepted',
  aud: 'Invalid token: its audience (aud) is not accepted',
  noExp: 'Invalid token: the required claim "exp" is missing',
  schema: 'Invalid token: its claims do not match the schema (roles: Expected array)',
} as const;

/**
 * RFC 6750 §3: no error code without a token; `invalid_token` with a description for a refused
 * one. The description may not hold `"` or `\` (§3's charset), so the detail's quotes are dropped.
 */
const challenge = (realm: string | undefined, detail?: string) => {
  const description = detail?.replace(/["\\]/g, '');
  const params = [
    ...(realm === undefined ? [] : [`realm="${realm}"`]),
    ...(description === undefined ? [] : ['error="invalid_token"', `error_description="${description}"`]),
  ];
  return params.length ? `Bearer ${params.join(', ')}` : 'Bearer';
};

export async function testAuth(t: Test, { server }: CaseContext): Promise<void> {
  const call = async (path: string, headers: HeaderMap = {}, init: RequestInit = {}): Promise<Answer> => {
    const res = await fetch(`${server.url}${path}`, { ...init, headers });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {}
    return { status: res.status, headers: res.headers, text, body };
  };

  /** A 401 as @bolt/auth documents it, and nothing of `secret` in the answer. */
  const is401 = (t: Test, res: Answer, wwwAuthenticate: string, detail: string, secret?: string) => {
    t.equal(res.status, 401, '401');
    t.equal(res.headers.get('www-authenticate'), wwwAuthenticate, 'www-authenticate');
    t.match(res.headers.get('content-type'), /^application\/json/, 'a JSON body');
    t.same(res.body, { detail }, 'the body names the failed check');
    if (secret !== undefined) {
      const all = `${res.text}\n${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}`;
      const parts = secret.split('.').filter((p) => p.length > 8);
      t.notOk(
        all.includes(secret) || parts.some((p) => all.includes(p)),
        'neither the credential nor a part of it is echoed',
      );
    }
  };
  const is403 = (t: Test, res: Answer, detail: string) => {
    t.equal(res.status, 403, '403');
    t.same(res.body, { detail }, 'the body names the guard');
    t.equal(res.headers.get('www-authenticate'), null, 'a 403 carries no challenge');
  };

  const alice = await hsSigner.sign({ roles: ['admin', 'user'], tenant: 'acme' }, { subject: 'alice' });
  const bob = await hsSigner.sign({ roles: ['user'] }, { subject: 'bob' });
  const carol = await hsSigner.sign({ roles: [], permissions: ['reports:read'] }, { subject: 'carol' });
  const dave = await hsSigner.sign({ roles: ['user'], tenant: 'acme' }, { subject: 'dave' });
  const staff = await hsSigner.sign({ roles: [] }, { subject: 'eve@staff' });
  const service = await rsaSigner.sign({}, { subject: 'svc-1' });

  await t.test('a valid token: 200 with the typed user, on every route form', async (t) => {
    const me = await call('/me', bearer(alice));
    t.equal(me.status, 200);
    t.same(me.body, { sub: 'alice', roles: ['admin', 'user'], tenant: 'acme' });
    t.equal(
      (await call('/me', { authorization: `bearer ${bob}` })).status,
      200,
      'the scheme name is case-insensitive',
    );
    t.same((await call('/maybe', bearer(bob))).body, { sub: 'bob' }, 'optional auth with a token');
    t.same((await call('/team/', bearer(bob))).body, { team: 'bob' }, 'a protected sub-app');
    t.same((await call('/rsa/me', bearer(service))).body, { sub: 'svc-1' }, 'RS256 from a PEM');
    t.same((await call('/svc/whoami', bearer(service))).body, { sub: 'svc-1' }, 'RS256, protected sub-app');
    t.same((await call('/open')).body, { ok: true }, 'an open route needs nothing');
  });

  await t.test('no token: 401 with the plain challenge, no error code', async (t) => {
    for (const headers of [{}, { authorization: 'Basic YWxpY2U6d29uZGVybGFuZA==' }] as HeaderMap[]) {
      const what = headers.authorization ? 'another scheme' : 'no header';
      for (const path of ['/me', '/admin', '/reports', '/team/']) {
        await t.test(`${what}: ${path}`, async (t) =>
          is401(t, await call(path, headers), challenge(AUTH_REALM), DETAIL.missing),
        );
      }
      await t.test(`${what}: RS256 scheme without a realm`, async (t) => {
        is401(t, await call('/rsa/me', headers), 'Bearer', DETAIL.missing);
        is401(t, await call('/svc/whoami', headers), 'Bearer', DETAIL.missing);
      });
    }
    t.same((await call('/maybe')).body, { sub: null }, 'optional auth without a token: no user');
  });

  await t.test('refused HS256 tokens: 401 invalid_token naming the check, on every route form', async (t) => {
    const valid = await hs256(goodClaims());
    const refusals: [string, string, string][] = [
      ['Bearer without a token', '', DETAIL.malformed],
      ['not a JWT', 'not-a-jwt', DETAIL.malformed],
      ['three parts that are not JSON', 'abc.def.ghi', DETAIL.malformed],
      ['characters outside b64token', 'abc$def', DETAIL.malformed],
      ['alg none', noneToken(goodClaims()), DETAIL.algorithm],
      ['a wrong algorithm (HS512)', hs512(goodClaims()), DETAIL.algorithm],
      ['a wrong algorithm (RS256)', await rs256(goodClaims()), DETAIL.algorithm],
      ['a tampered signature', tamperSignature(valid), DETAIL.signature],
      ['tampered claims', tamperClaims(valid, goodClaims({ roles: ['admin'] })), DETAIL.signature],
      ['another secret', await hs256WithRsaPublicKey(goodClaims()), DETAIL.signature],
      ['expired', await hs256(goodClaims({ iat: now() - 1000, exp: now() - 100 })), DETAIL.exp],
      ['nbf in the future', await hs256(goodClaims({ nbf: now() + 600 })), DETAIL.nbf],
      ['iat in the future', await hs256(goodClaims({ iat: now() + 600 })), DETAIL.iat],
      ['a wrong issuer', await hs256(goodClaims({ iss: 'someone-else' })), DETAIL.iss],
      ['no issuer', await hs256(goodClaims({ iss: undefined })), DETAIL.iss],
      ['a wrong audience', await hs256(goodClaims({ aud: 'other-api' })), DETAIL.aud],
      ['no audience', await hs256(goodClaims({ aud: undefined })), DETAIL.aud],
      ['no exp', await hs256(goodClaims({ exp: undefined })), DETAIL.noExp],
      ['claims off the schema', await hs256(goodClaims({ roles: 'admin' })), DETAIL.schema],
    ];
    for (const [what, token, detail] of refusals) {
      await t.test(what, async (t) => {
        const header = { authorization: token === '' ? 'Bearer' : `Bearer ${token}` };
        for (const path of ['/me', '/maybe', '/admin', '/reports', '/team/']) {
          await t.test(path, async (t) =>
            is401(t, await call(path, header), challenge(AUTH_REALM, detail), detail, token || undefined),
          );
        }
      });
    }
  });

  await t.test('refused RS256 tokens: HS256 with the public key, wrong key, alg none, claims', async (t) => {
    const refusals: [string, string, string][] = [
      ['HS256 signed with the RS256 public key', await hs256WithRsaPublicKey(rsaClaims()), DETAIL.algorithm],
      ['alg none', noneToken(rsaClaims()), DETAIL.algorithm],
      ['an unknown RSA key', await rs256WithOtherKey(rsaClaims()), DETAIL.signature],
      ['a tampered signature', tamperSignature(service), DETAIL.signature],
      ['expired', await rs256(rsaClaims({ iat: now() - 1000, exp: now() - 100 })), DETAIL.exp],
      ['nbf in the future', await rs256(rsaClaims({ nbf: now() + 600 })), DETAIL.nbf],
      ['a wrong issuer', await rs256(rsaClaims({ iss: 'bolt-conformance' })), DETAIL.iss],
    ];
    for (const [what, token, detail] of refusals) {
      await t.test(what, async (t) => {
        for (const path of ['/rsa/me', '/svc/whoami']) {
          await t.test(path, async (t) =>
            is401(t, await call(path, bearer(token)), challenge(undefined, detail), detail, token),
          );
        }
      });
    }
  });

  await t.test('two Authorization headers: joined (the engine contract), so a malformed token', async (t) => {
    // A singleton field sent twice is ambiguous (a proxy may have checked the other one): every
    // engine joins repeated headers with ", " and the joined value is no b64token, so it is refused.
    for (const path of ['/me', '/team/']) {
      const raw = [
        `GET ${path} HTTP/1.1`,
        'Host: x',
        `Authorization: Bearer ${bob}`,
        `Authorization: Bearer ${alice}`,
        '',
        '',
      ];
      const res = (await exchange(server.port, raw.join('\r\n'), 1)).responses[0];
      t.equal(res?.status, 401, `${path}: 401, not the first (or last) token's user`);
      t.equal(
        res?.headers['www-authenticate'],
        challenge(AUTH_REALM, DETAIL.malformed),
        `${path}: malformed`,
      );
      t.same(JSON.parse(res?.body.toString() ?? 'null'), { detail: DETAIL.malformed });
    }
  });

  await t.test('guards: 403 for an identity without permission, 200 with it', async (t) => {
    t.same((await call('/admin', bearer(alice))).body, { admin: 'alice' }, 'hasRole: the role');
    await t.test('hasRole refuses', async (t) =>
      is403(t, await call('/admin', bearer(bob)), 'Not permitted: requires role "admin"'),
    );
    t.equal((await call('/reports', bearer(alice))).status, 200, 'anyOf: the role');
    t.equal((await call('/reports', bearer(carol))).status, 200, 'anyOf: the permission');
    await t.test('anyOf refuses', async (t) =>
      is403(
        t,
        await call('/reports', bearer(bob)),
        'Not permitted: requires role "admin" or permission "reports:read"',
      ),
    );
    t.same((await call('/audit', bearer(dave))).body, { audit: true }, 'allOf: role and claim');
    await t.test('allOf refuses a missing claim', async (t) =>
      is403(
        t,
        await call('/audit', bearer(bob)),
        'Not permitted: requires role "user" and claim "tenant" = "acme"',
      ),
    );
    t.same((await call('/staff', bearer(staff))).body, { staff: 'eve@staff' }, 'a user function');
    await t.test('a user function refuses', async (t) =>
      is403(t, await call('/staff', bearer(bob)), 'Not permitted: requires a staff account'),
    );
    await t.test("a protected sub-app's guard refuses", async (t) =>
      is403(t, await call('/team/', bearer(carol)), 'Not permitted: requires role "user"'),
    );
  });

  await t.test('a protected sub-app: 401 before the body is read, then the body is checked', async (t) => {
    const post = (path: string, headers: HeaderMap, body: string) =>
      call(path, { 'content-type': 'application/json', ...headers }, { method: 'POST', body });
    await t.test('JWT: no token and a bad body is 401, not 422', async (t) =>
      is401(t, await post('/team/items', {}, '{"wrong":1}'), challenge(AUTH_REALM), DETAIL.missing),
    );
    await t.test('JWT: an expired token and a bad body is 401', async (t) => {
      const expired = await hs256(goodClaims({ exp: now() - 100 }));
      is401(
        t,
        await post('/team/items', bearer(expired), '{"wrong":1}'),
        challenge(AUTH_REALM, DETAIL.exp),
        DETAIL.exp,
        expired,
      );
    });
    t.equal(
      (await post('/team/items', bearer(bob), '{"wrong":1}')).status,
      422,
      'with a token the body is checked',
    );
    t.same((await post('/team/items', bearer(bob), '{"name":"x"}')).body, { created: 'x' });
    await t.test('API key: no key and a bad body is 401', async (t) =>
      is401(
        t,
        await post('/partner/orders', {}, '{"wrong":1}'),
        'ApiKey in="header", name="x-api-key"',
        'Not authenticated: send the API key in the "x-api-key" header',
      ),
    );
    t.equal((await post('/partner/orders', { 'x-api-key': 'k-one' }, '{}')).status, 422);
    t.same((await post('/partner/orders', { 'x-api-key': 'k-one' }, '{"sku":"a1"}')).body, { ordered: 'a1' });
  });

  await t.test('API keys: header, query and cookie, each 401 naming where the key goes', async (t) => {
    t.same((await call('/key/header', { 'x-api-key': 'k-two' })).body, { keyIndex: 1 }, 'a static key');
    const header = 'ApiKey in="header", name="x-api-key"';
    await t.test('header: wrong key', async (t) =>
      is401(
        t,
        await call('/key/header', { 'x-api-key': 'k-three-wrong' }),
        header,
        'Invalid API key',
        'k-three-wrong',
      ),
    );
    await t.test('header: no key', async (t) =>
      is401(
        t,
        await call('/key/header'),
        header,
        'Not authenticated: send the API key in the "x-api-key" header',
      ),
    );

    t.same((await call('/key/query?key=store-key-1')).body, { owner: 'ann' }, 'a key from the query');
    const query = 'ApiKey in="query", name="key"';
    await t.test('query: wrong key', async (t) =>
      is401(t, await call('/key/query?key=nope-nope-nope'), query, 'Invalid API key', 'nope-nope-nope'),
    );
    await t.test('query: no key', async (t) =>
      is401(t, await call('/key/query'), query, 'Not authenticated: send the API key in the "key" query'),
    );

    const cookie = 'ApiKey in="cookie", name="session_key"';
    t.same(
      (await call('/key/cookie', { cookie: 'a=1; session_key=store-key-1' })).body,
      { owner: 'ann' },
      'a key from a cookie',
    );
    await t.test('cookie: wrong key', async (t) =>
      is401(
        t,
        await call('/key/cookie', { cookie: 'session_key=nope-nope-nope' }),
        cookie,
        'Invalid API key',
        'nope-nope-nope',
      ),
    );
    await t.test('cookie: no key', async (t) =>
      is401(
        t,
        await call('/key/cookie', { cookie: 'other=1' }),
        cookie,
        'Not authenticated: send the API key in the "session_key" cookie',
      ),
    );
    await t.test('cookie: a key whose owner the guard refuses is 403', async (t) =>
      is403(
        t,
        await call('/key/cookie', { cookie: 'session_key=store-key-2' }),
        'Not permitted: requires role "user"',
      ),
    );
  });

  await t.test('HEAD: the same status and challenge as GET, and no body bytes', async (t) => {
    const expired = await hs256(goodClaims({ exp: now() - 100 }));
    const cases: [string, string, string[]][] = [
      ['no token', '/me', []],
      ['an expired token', '/me', [`Authorization: Bearer ${expired}`]],
      ['no token, protected sub-app', '/team/', []],
      ['an expired token, protected sub-app', '/team/', [`Authorization: Bearer ${expired}`]],
      ['a guard refuses', '/admin', [`Authorization: Bearer ${bob}`]],
      ['a wrong API key', '/key/header', ['x-api-key: wrong']],
    ];
    for (const [what, path, lines] of cases) {
      await t.test(`${what}: HEAD ${path}`, async (t) => {
        const head = [`HEAD ${path} HTTP/1.1`, 'Host: x', ...lines, '', ''].join('\r\n');
        const get = [`GET ${path} HTTP/1.1`, 'Host: x', ...lines, '', ''].join('\r\n');
        // The GET is sent on the same connection once the HEAD is answered (not pipelined: uWS
        // drops pipelined requests behind an async answer, see its README): it parses only if
        // the HEAD answer carried no body bytes.
        const conn = await RawConnection.open(server.port);
        t.teardown(() => conn.destroy());
        conn.write(head);
        await conn.waitForResponses(1, 5000, true);
        conn.write(get);
        const responses = await conn.waitForResponses(2, 5000, [true, false]);
        const [h, g] = responses;
        t.ok(h && g, 'both answered');
        if (!h || !g) return;
        t.equal(h.status, g.status, `HEAD is ${g.status}, as GET`);
        t.equal(h.headers['www-authenticate'], g.headers['www-authenticate'], 'the same challenge');
        t.equal(h.body.length, 0, 'no body');
        t.equal(h.headers['content-length'], String(g.body.length), 'content-length of the GET body');
      });
    }
  });
}
