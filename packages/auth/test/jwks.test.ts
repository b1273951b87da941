/**
 * A JWKS served by a real local HTTP server: the set is fetched once and cached, a token signed
 * with a rotated-in key triggers a refetch and verifies, a retired key is refused, and a JWKS that
 * cannot be fetched is a 503 (the server's fault), never a 200. Over every engine.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BoltAPI } from '@bolt/core';
import { exportJWK } from 'jose';
import t from 'tap';
import { jwtAuth, jwtSigner } from '../src/index.js';
import { call, ENGINES } from './engines.js';
import { ec, rsa, rsa2 } from './keys.js';

async function jwksServer() {
  const k1 = { ...(await exportJWK(rsa.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const k2 = { ...(await exportJWK(rsa2.publicKey)), kid: 'k2', alg: 'RS256', use: 'sig' };
  const k3 = { ...(await exportJWK(ec.publicKey)), kid: 'k3', alg: 'ES256', use: 'sig' };
  const state = { keys: [k1] as object[], fetches: 0 };
  const server = createServer((_req, res) => {
    state.fetches++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: state.keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/.well-known/jwks.json`, state, k1, k2, k3, server };
}

const signers = {
  k1: jwtSigner({ key: { privateKey: rsa.privateKey }, keyId: 'k1', issuer: 'idp' }),
  k2: jwtSigner({ key: { privateKey: rsa2.privateKey }, keyId: 'k2', issuer: 'idp' }),
  k3: jwtSigner({ key: { privateKey: ec.privateKey }, keyId: 'k3', issuer: 'idp' }),
  unknown: jwtSigner({ key: { privateKey: rsa2.privateKey }, keyId: 'k9', issuer: 'idp' }),
};

for (const engine of ENGINES) {
  t.test(`JWKS with rotation on ${engine.name}`, async (t) => {
    const jwks = await jwksServer();
    t.teardown(() => new Promise((resolve) => jwks.server.close(resolve)));
    // cooldownMs 0: a token naming an unknown kid refetches at once (the default waits 30 s).
    const auth = jwtAuth({
      key: { jwksUrl: jwks.url, cooldownMs: 0 },
      algorithms: ['RS256', 'ES256'],
      issuer: 'idp',
    });
    const api = new BoltAPI();
    api.get('/me', { deps: { user: auth.user } }, ({ deps }) => ({ sub: deps.user.sub ?? null }));
    const server = await engine.start(api);
    t.teardown(() => server.close({ graceMs: 500 }));
    const me = async (signer: keyof typeof signers) =>
      call(`${server.url}/me`, {
        authorization: `Bearer ${await signers[signer].sign({}, { subject: signer })}`,
      });

    t.same((await me('k1')).body, { sub: 'k1' });
    t.same((await me('k1')).body, { sub: 'k1' });
    t.equal(jwks.state.fetches, 1, 'the set is fetched once and cached');

    // Rotation: the provider publishes k2 and retires k1.
    jwks.state.keys = [jwks.k2, jwks.k3];
    t.same((await me('k2')).body, { sub: 'k2' }, 'a new kid triggers a refetch');
    t.equal(jwks.state.fetches, 2);
    t.same((await me('k3')).body, { sub: 'k3' }, 'an ES256 key of the same set');
    const retired = await me('k1');
    t.equal(retired.status, 401, 'the retired key is refused');
    t.same(retired.body, { detail: 'Invalid token: its key (kid) is not known' });
    t.match(retired.headers.get('www-authenticate'), /error="invalid_token"/);
    t.equal((await me('unknown')).status, 401, 'a kid no set ever held');

    // The provider goes away: tokens with a kid not cached cannot be checked.
    await new Promise((resolve) => jwks.server.close(resolve));
    jwks.server.closeAllConnections();
    const down = await me('k1');
    t.equal(down.status, 503, 'JWKS unreachable: 503, not 401 and not 200');
    t.same(down.body, { detail: 'Tokens cannot be verified right now; retry later' });
    t.same((await me('k2')).body, { sub: 'k2' }, 'cached keys still verify');
  });
}
