/**
 * The app of the auth cases: @bolt/auth's real schemes on their own routes. A JWT scheme with an
 * HS256 secret (issuer, audience, realm, a claims schema), one with an RS256 PEM (no realm), every
 * route form (`user`, `optionalUser`, `require()`, `guard()`, `protect()` on sub-apps), each kind
 * of guard, and API keys from a header, the query and a cookie.
 *
 * No app-wide hook and the default error format, on purpose: on the Rust engine that lets the
 * protected sub-apps' JWT checks run natively (see transport-rust's native-plan.ts), so the same
 * cases check Rust's own answers and, with `nativeForms: false`, the JS ones.
 */
import { allOf, anyOf, apiKey, guard, hasClaim, hasPermission, hasRole, jwtAuth } from '@bolt/auth';
import { BoltAPI, t } from '@bolt/core';
import { HS256_SECRET, RSA_PUBLIC_PEM } from './auth-keys.js';

export const AUTH_ISSUER = 'bolt-conformance';
export const AUTH_AUDIENCE = 'bolt-api';
export const AUTH_REALM = 'bolt';
export const RSA_ISSUER = 'bolt-conformance-rsa';

/** The claims every HS256 token is checked against (and typed by). */
const Claims = t.Object({
  sub: t.String(),
  roles: t.Array(t.String()),
  permissions: t.Optional(t.Array(t.String())),
  tenant: t.Optional(t.String()),
});

export const auth = jwtAuth({
  key: { secret: HS256_SECRET },
  issuer: AUTH_ISSUER,
  audience: AUTH_AUDIENCE,
  realm: AUTH_REALM,
  claims: Claims,
});

/** Algorithm pinned from the key (RS256); no realm, so its challenges are bare `Bearer ...`. */
export const rsa = jwtAuth({ key: { publicKey: RSA_PUBLIC_PEM }, issuer: RSA_ISSUER });

const owners = new Map([
  ['store-key-1', { owner: 'ann', roles: ['user'] }],
  ['store-key-2', { owner: 'sam', roles: [] as string[] }],
]);
export const headerKey = apiKey({ keys: ['k-one', 'k-two'] });
export const queryKey = apiKey({ in: 'query', name: 'key', lookup: (key) => owners.get(key) });
export const cookieKey = apiKey({
  in: 'cookie',
  name: 'session_key',
  lookup: async (key) => owners.get(key),
});

export const api = new BoltAPI();

api.get('/open', () => ({ ok: true }));

// The typed current user: `deps.user` is Static<typeof Claims>, no casts.
api.get('/me', { deps: { user: auth.user } }, ({ deps }) => ({
  sub: deps.user.sub,
  roles: deps.user.roles,
  tenant: deps.user.tenant ?? null,
}));
api.get('/maybe', { deps: { user: auth.optionalUser } }, ({ deps }) => ({ sub: deps.user?.sub ?? null }));
api.get('/admin', { deps: { user: auth.require(hasRole('admin')) } }, ({ deps }) => ({
  admin: deps.user.sub,
}));
api.get(
  '/reports',
  { preHandler: auth.guard(anyOf(hasRole('admin'), hasPermission('reports:read'))) },
  () => ({ reports: [] }),
);
api.get('/audit', { preHandler: auth.guard(allOf(hasRole('user'), hasClaim('tenant', 'acme'))) }, () => ({
  audit: true,
}));
api.get(
  '/staff',
  { deps: { user: auth.require(guard('a staff account', (user) => user.sub.endsWith('@staff'))) } },
  ({ deps }) => ({ staff: deps.user.sub }),
);
api.get('/rsa/me', { deps: { user: rsa.user } }, ({ deps }) => ({ sub: deps.user.sub ?? null }));

// Sub-apps protected as a whole: the identity is checked in onRequest, before the body is read.
const team = new BoltAPI({ prefix: '/team' });
team.use(auth.protect(hasRole('user')));
team.get('/', { deps: { user: auth.user } }, ({ deps }) => ({ team: deps.user.sub }));
team.post('/items', { body: t.Object({ name: t.String() }) }, ({ body }) => ({ created: body.name }));
api.include(team);

const svc = new BoltAPI({ prefix: '/svc' });
svc.use(rsa.protect());
svc.get('/whoami', { deps: { user: rsa.user } }, ({ deps }) => ({ sub: deps.user.sub ?? null }));
api.include(svc);

const partner = new BoltAPI({ prefix: '/partner' });
partner.use(headerKey.protect());
partner.post('/orders', { body: t.Object({ sku: t.String() }) }, ({ body }) => ({ ordered: body.sku }));
api.include(partner);

api.get('/key/header', { deps: { k: headerKey.user } }, ({ deps }) => ({ keyIndex: deps.k.keyIndex }));
api.get('/key/query', { deps: { k: queryKey.user } }, ({ deps }) => ({ owner: deps.k.owner }));
api.get('/key/cookie', { deps: { k: cookieKey.require(hasRole('user')) } }, ({ deps }) => ({
  owner: deps.k.owner,
}));
