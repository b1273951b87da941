/**
 * The app the auth benchmark serves: `GET /` without auth beside `GET /auth/me` exactly as the
 * example app declares it (HS256, issuer, a TypeBox claims schema, `{username, roles}`).
 */
import { BoltAPI, t } from '@bolt/core';
import { jwtAuth, jwtSigner } from '../src/index.js';

export const SECRET = 'bench-secret-of-more-than-thirty-two-bytes';
const auth = jwtAuth({
  key: { secret: SECRET },
  issuer: 'bolt-example',
  claims: t.Object({ sub: t.String(), roles: t.Array(t.String()) }),
});

export const api = new BoltAPI();
api.get('/', () => ({ Hello: 'World' }));
api.get('/auth/me', { deps: { user: auth.user } }, ({ deps }) => ({ username: deps.user.sub, roles: deps.user.roles }));

/** A token for alice, valid for an hour (longer than any run). */
export const aliceToken = () =>
  jwtSigner({ key: { secret: SECRET }, issuer: 'bolt-example', expiresInSec: 3600 }).sign(
    { roles: ['admin', 'user'] },
    { subject: 'alice' },
  );
