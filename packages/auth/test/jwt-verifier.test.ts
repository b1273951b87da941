/** The verifier's checks, one by one, with real tokens signed by jose. */
import { createHmac } from 'node:crypto';
import { t as s } from '@bolt/core';
import t from 'tap';
import { AuthConfigError, jwtSigner, jwtVerifier } from '../src/index.js';
import {
  ec,
  ed,
  noneToken,
  now,
  pem,
  rsa,
  rsa2,
  SECRET,
  SECRET_512,
  token,
  tokenWithoutExp,
} from './keys.js';

const checkOf = async (
  verifier: { verify(x: string): Promise<{ ok: boolean; check?: string }> },
  tok: string,
) => {
  const result = await verifier.verify(tok);
  return result.ok ? 'ok' : result.check;
};

t.test('every supported algorithm signs and verifies', async (t) => {
  const cases = [
    { alg: 'HS256', sign: { secret: SECRET }, verify: { secret: SECRET } },
    { alg: 'HS384', sign: { secret: SECRET_512 }, verify: { secret: SECRET_512 } },
    { alg: 'HS512', sign: { secret: SECRET_512 }, verify: { secret: SECRET_512 } },
    { alg: 'RS256', sign: { privateKey: rsa.privateKey }, verify: { publicKey: pem(rsa.publicKey) } },
    { alg: 'ES256', sign: { privateKey: ec.privateKey }, verify: { publicKey: pem(ec.publicKey) } },
    { alg: 'EdDSA', sign: { privateKey: ed.privateKey }, verify: { publicKey: pem(ed.publicKey) } },
  ] as const;
  for (const c of cases) {
    const signer = jwtSigner({ key: c.sign, algorithm: c.alg, issuer: 'me' });
    const verifier = jwtVerifier({ key: c.verify, algorithms: [c.alg], issuer: 'me' });
    const result = await verifier.verify(await signer.sign({ roles: ['a'] }, { subject: 'ann' }));
    t.ok(result.ok, `${c.alg} verifies`);
    if (result.ok) t.match(result.claims, { sub: 'ann', iss: 'me', roles: ['a'] });
    if (result.ok)
      t.equal((result.claims.exp ?? 0) - (result.claims.iat ?? 0), 900, 'exp = iat + 900 by default');
  }
});

t.test(
  'algorithms are pinned: none, a disallowed one, and HS256 keyed with the RSA public key are refused',
  async (t) => {
    const hs = jwtVerifier({ key: { secret: SECRET_512 } });
    t.equal(await checkOf(hs, noneToken({ sub: 'x' })), 'algorithm', 'alg none');
    t.equal(
      await checkOf(hs, await token({ sub: 'x' }, 'HS512', SECRET_512)),
      'algorithm',
      'HS512 on an HS256 verifier',
    );

    const rs = jwtVerifier({ key: { publicKey: pem(rsa.publicKey) } });
    t.same(rs.algorithms, ['RS256'], 'a PEM pins its own algorithm');
    t.equal(await checkOf(rs, await token({ sub: 'x' }, 'RS256', rsa.privateKey)), 'ok');
    // The confusion attack: the public key's PEM text used as an HMAC secret.
    const forged = await token({ sub: 'admin' }, 'HS256', pem(rsa.publicKey));
    t.equal(await checkOf(rs, forged), 'algorithm', 'HS256 signed with the public key');
    t.equal(await checkOf(rs, noneToken({ sub: 'x' })), 'algorithm', 'alg none on an RS256 verifier');
    // Even a hand-made HS256 signature over the PEM bytes (not via jose) is refused the same way.
    const [h, p] = forged.split('.');
    const sig = createHmac('sha256', pem(rsa.publicKey)).update(`${h}.${p}`).digest('base64url');
    t.equal(await checkOf(rs, `${h}.${p}.${sig}`), 'algorithm');

    t.throws(
      () => jwtVerifier({ key: { publicKey: pem(rsa.publicKey) }, algorithms: ['HS256'] }),
      AuthConfigError,
    );
    t.throws(() => jwtVerifier({ key: { secret: SECRET }, algorithms: ['RS256'] }), AuthConfigError);
    t.throws(() => jwtVerifier({ key: { secret: 'short' } }), AuthConfigError, 'a short HMAC secret');
    t.throws(
      () => jwtVerifier({ key: { secret: SECRET }, algorithms: ['none' as 'HS256'] }),
      AuthConfigError,
    );
    t.throws(
      () => jwtVerifier({ key: { jwksUrl: 'http://127.0.0.1:1/jwks' } }),
      AuthConfigError,
      'JWKS without algorithms',
    );
  },
);

t.test('signature, malformed tokens', async (t) => {
  const v = jwtVerifier({ key: { secret: SECRET } });
  t.equal(await checkOf(v, await token({}, 'HS256', `${SECRET}-other`)), 'signature');
  const rs = jwtVerifier({ key: { publicKey: pem(rsa.publicKey) } });
  t.equal(await checkOf(rs, await token({}, 'RS256', rsa2.privateKey)), 'signature', 'another RSA key');
  t.equal(await checkOf(v, 'not-a-jwt'), 'malformed');
  t.equal(await checkOf(v, 'a.b.c'), 'malformed');
});

t.test('exp, nbf, iat with a clock tolerance; max age; required claims', async (t) => {
  const strict = jwtVerifier({ key: { secret: SECRET } });
  const lenient = jwtVerifier({ key: { secret: SECRET }, clockToleranceSec: 60 });
  const expired = await token({ exp: now() - 30 }, 'HS256', SECRET);
  t.equal(await checkOf(strict, expired), 'exp');
  t.equal(await checkOf(lenient, expired), 'ok', 'within the tolerance');
  t.equal(await checkOf(lenient, await token({ exp: now() - 120 }, 'HS256', SECRET)), 'exp');

  const early = await token({ nbf: now() + 30 }, 'HS256', SECRET);
  t.equal(await checkOf(strict, early), 'nbf');
  t.equal(await checkOf(lenient, early), 'ok');

  const future = await token({ iat: now() + 30 }, 'HS256', SECRET);
  t.equal(await checkOf(strict, future), 'iat');
  t.equal(await checkOf(lenient, future), 'ok');

  const young = jwtVerifier({ key: { secret: SECRET }, maxAgeSec: 60 });
  t.equal(await checkOf(young, await token({ iat: now() - 600 }, 'HS256', SECRET)), 'maxAge');
  t.equal(await checkOf(young, await token({ iat: now() }, 'HS256', SECRET)), 'ok');

  const noExp = await tokenWithoutExp({ sub: 'x' }, SECRET);
  const result = await strict.verify(noExp);
  t.same(result, { ok: false, check: 'claim', detail: 'Invalid token: the required claim "exp" is missing' });
  t.equal(await checkOf(jwtVerifier({ key: { secret: SECRET }, requiredClaims: [] }), noExp), 'ok');
});

t.test('issuer and audience', async (t) => {
  const v = jwtVerifier({ key: { secret: SECRET }, issuer: 'bolt', audience: ['api', 'web'] });
  t.equal(await checkOf(v, await token({ iss: 'bolt', aud: 'web' }, 'HS256', SECRET)), 'ok');
  t.equal(await checkOf(v, await token({ iss: 'evil', aud: 'web' }, 'HS256', SECRET)), 'iss');
  t.equal(await checkOf(v, await token({ aud: 'web' }, 'HS256', SECRET)), 'iss', 'missing iss');
  t.equal(await checkOf(v, await token({ iss: 'bolt', aud: 'other' }, 'HS256', SECRET)), 'aud');
  t.equal(await checkOf(v, await token({ iss: 'bolt' }, 'HS256', SECRET)), 'aud', 'missing aud');
});

t.test('claims are checked against the schema, and the refusal names the field', async (t) => {
  const v = jwtVerifier({
    key: { secret: SECRET },
    claims: s.Object({ sub: s.String(), roles: s.Array(s.String()) }),
  });
  const good = await v.verify(await token({ sub: 'ann', roles: ['user'] }, 'HS256', SECRET));
  t.ok(good.ok);
  const bad = await v.verify(await token({ sub: 'ann', roles: 'user' }, 'HS256', SECRET));
  t.equal(bad.ok, false);
  if (!bad.ok) {
    t.equal(bad.check, 'claims');
    t.match(bad.detail, /^Invalid token: its claims do not match the schema \(roles: /);
  }
});

t.test(
  'cacheSize: a remembered token skips the signature check, but its time checks run every time',
  async (t) => {
    const { createServer } = await import('node:http');
    const { exportJWK } = await import('jose');
    const jwk = { ...(await exportJWK(rsa.publicKey)), kid: 'k1', alg: 'RS256' };
    let fetches = 0;
    const idp = createServer((_req, res) => {
      fetches++;
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(idp.address() as { port: number }).port}/jwks`;
    // cacheMaxAgeMs 0: jose refetches the set for every token it checks, so a check that skips jose is visible.
    const options = {
      key: { jwksUrl: url, cacheMaxAgeMs: 0, cooldownMs: 0 },
      algorithms: ['RS256'] as const,
    };
    const cached = jwtVerifier({ ...options, cacheSize: 2 });
    const signer = jwtSigner({ key: { privateKey: rsa.privateKey }, keyId: 'k1' });
    const tok = await signer.sign({}, { subject: 'ann' });
    t.equal(await checkOf(cached, tok), 'ok');
    const after = fetches;
    t.equal(await checkOf(cached, tok), 'ok');
    t.equal(fetches, after, 'the second check did not reach the key set');

    const [h, p] = tok.split('.');
    t.equal(
      await checkOf(cached, `${h}.${p}.${'A'.repeat(342)}`),
      'signature',
      'another signature is not a hit',
    );

    const short = await signer.sign({}, { subject: 'bob', expiresInSec: 1 });
    t.equal(await checkOf(cached, short), 'ok');
    const deadline = Date.now() + 5000;
    while (
      Date.now() / 1000 <
        JSON.parse(Buffer.from(short.split('.')[1] as string, 'base64url').toString()).exp &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    t.equal(await checkOf(cached, short), 'exp', 'a remembered token still expires');
    await new Promise((resolve) => idp.close(resolve));
  },
);
