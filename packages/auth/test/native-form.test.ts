/**
 * The `jwt` native form hands an engine the verifier's checks and the exact 401 answers: each
 * answer in it is the one the JS check gives, byte for byte, so a Rust-side refusal cannot differ.
 */
import { BoltAPI } from '@bolt/core';
import t from 'tap';
import { type JwtNativeConfig, jwtAuth } from '../src/index.js';
import { noneToken, now, rsa, SECRET, token, tokenWithoutExp } from './keys.js';

const silent = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  trace() {},
  fatal() {},
  child: () => silent,
} as never;

const auth = jwtAuth({
  key: { secret: SECRET },
  issuer: 'tests',
  audience: 'api',
  clockToleranceSec: 5,
  maxAgeSec: 3600,
  realm: 'bolt',
});
const config = auth.native.config as unknown as JwtNativeConfig;

t.test('the native form is plain data: key, pinned algorithms, iss/aud/leeway, answers', async (t) => {
  t.equal(auth.native.kind, 'jwt');
  t.match(config, {
    header: 'authorization',
    key: { kind: 'secret', secretBase64: Buffer.from(SECRET).toString('base64') },
    algorithms: ['HS256'],
    issuer: ['tests'],
    audience: ['api'],
    leewaySec: 5,
    maxAgeSec: 3600,
    requiredClaims: ['exp', 'iat'],
    claimsSchemaInJs: false,
  });
  t.same(JSON.parse(JSON.stringify(config)), config, 'survives JSON (no functions, no classes)');
  t.ok(Object.isFrozen(config));
});

t.test('each native answer is the JS answer for the same refusal', async (t) => {
  const api = new BoltAPI();
  api.get('/me', { deps: { user: auth.user } }, () => 'ok');
  const base = { iss: 'tests', aud: 'api', iat: now() };
  const tokens: Record<string, string | undefined> = {
    missing: undefined,
    malformed: 'x.y.z',
    algorithm: noneToken(base),
    signature: await token(base, 'HS256', `${SECRET}-other`),
    exp: await token({ ...base, exp: now() - 60 }, 'HS256', SECRET),
    nbf: await token({ ...base, nbf: now() + 60 }, 'HS256', SECRET),
    iat: await token({ ...base, iat: now() + 60 }, 'HS256', SECRET),
    maxAge: await token({ ...base, iat: now() - 7200 }, 'HS256', SECRET),
    iss: await token({ ...base, iss: 'evil' }, 'HS256', SECRET),
    aud: await token({ ...base, aud: 'web' }, 'HS256', SECRET),
    'claim:exp': await tokenWithoutExp(base, SECRET),
  };
  for (const [check, tok] of Object.entries(tokens)) {
    const answer = config.answers[check];
    if (!t.ok(answer, `an answer for ${check}`) || !answer) continue;
    const res = await api.inject({ url: '/me', headers: tok ? { authorization: `Bearer ${tok}` } : {} });
    t.equal(res.status, answer.status, `${check}: status`);
    t.equal(res.body.toString(), answer.body, `${check}: body`);
    const flat = Object.entries(res.headers).filter(
      ([n]) => n === 'content-type' || n === 'www-authenticate',
    );
    const expected: [string, string][] = [];
    for (let i = 0; i < answer.headers.length; i += 2)
      expected.push([answer.headers[i] as string, answer.headers[i + 1] as string]);
    t.same(Object.fromEntries(flat), Object.fromEntries(expected), `${check}: headers`);
  }
});

t.test('the 503 for an unreachable JWKS is the JS one too', async (t) => {
  const remote = jwtAuth({
    key: { jwksUrl: 'http://127.0.0.1:9/jwks.json', timeoutMs: 2000 },
    algorithms: ['RS256'],
  });
  const answer = (remote.native.config as unknown as JwtNativeConfig).answers.jwksUnavailable;
  const api = new BoltAPI({ logger: silent });
  api.get('/me', { deps: { user: remote.user } }, () => 'ok');
  const tok = await token({}, 'RS256', rsa.privateKey, { kid: 'k1' });
  const res = await api.inject({ url: '/me', headers: { authorization: `Bearer ${tok}` } });
  t.equal(res.status, 503);
  t.equal(res.status, answer?.status);
  t.equal(res.body.toString(), answer?.body);
  t.equal(res.headers['retry-after'], '5');
  t.same(answer?.headers, ['content-type', 'application/json', 'retry-after', '5']);
});
