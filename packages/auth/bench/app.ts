/**
 * The app the auth benchmark serves: `GET /` without auth beside `GET /auth/me` exactly as the
 * example app declares it (HS256, issuer, a TypeBox claims schema, `{username, roles}`).
 */
import { BoltAPI, t } from '@bolt/core';
import { jwtAuth, jwtSigner } from '../src/index.js';

export const SECRET = 'bench-secret-of-more-than-thirty-two-bytes';
const Claims = t.Object({ sub: t.String(), roles: t.Array(t.String()) });
const auth = jwtAuth({ key: { secret: SECRET }, issuer: 'bolt-example', claims: Claims });
/** The same check with verified tokens remembered (cacheSize), for the cached row. */
const cachedAuth = jwtAuth({ key: { secret: SECRET }, issuer: 'bolt-example', claims: Claims, cacheSize: 1000 });

export const api = new BoltAPI();
api.get('/', () => ({ Hello: 'World' }));
api.get('/auth/me', { deps: { user: auth.user } }, ({ deps }) => ({ username: deps.user.sub, roles: deps.user.roles }));
api.get('/auth/me-cached', { deps: { user: cachedAuth.user } }, ({ deps }) => ({
  username: deps.user.sub,
  roles: deps.user.roles,
}));

/** A token for alice, valid for an hour (longer than any run). */
export const aliceToken = () =>
  jwtSigner({ key: { secret: SECRET }, issuer: 'bolt-example', expiresInSec: 3600 }).sign(
    { roles: ['admin', 'user'] },
    { subject: 'alice' },
  );
