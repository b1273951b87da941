/**
 * The current user is typed by the verifier's claims schema, with no casts: these lines must
 * compile, and every `@ts-expect-error` line must be an error (checked by test/type-tests.test.ts).
 */
import { BoltAPI, t } from '@bolt/core';
import { allOf, anyOf, apiKey, guard, hasClaim, hasPermission, hasRole, jwtAuth } from '../src/index.js';

const secret = 'a-type-test-secret-of-32-bytes-!!';
const auth = jwtAuth({
  key: { secret },
  claims: t.Object({ sub: t.String(), roles: t.Array(t.String()), tenant: t.Optional(t.String()) }),
});
const api = new BoltAPI();

api.get('/me', { deps: { user: auth.user } }, ({ deps }) => {
  const sub: string = deps.user.sub;
  const roles: string[] = deps.user.roles;
  const tenant: string | undefined = deps.user.tenant;
  // @ts-expect-error a claim the schema does not declare
  deps.user.email;
  // @ts-expect-error roles is an array of strings, not a string
  const wrong: string = deps.user.roles;
  return { sub, roles, tenant, wrong };
});

api.get('/maybe', { deps: { user: auth.optionalUser } }, ({ deps }) => {
  // @ts-expect-error optional auth: the user may be null
  deps.user.sub;
  return { sub: deps.user?.sub ?? null };
});

api.get('/admin', { deps: { user: auth.require(hasRole('admin'), hasClaim('tenant')) } }, ({ deps }) => {
  const sub: string = deps.user.sub;
  return { sub };
});

// A response model and the typed user together: the handler must return the model's shape.
api.get(
  '/profile',
  { deps: { user: auth.user }, response: t.Object({ username: t.String() }) },
  ({ deps }) => ({ username: deps.user.sub }),
);
api.get(
  '/profile-bad',
  { deps: { user: auth.user }, response: t.Object({ username: t.String() }) },
  // @ts-expect-error roles is not the model's username
  ({ deps }) => ({ username: deps.user.roles }),
);

// Guards are typed by the identity they read.
const noRoles = jwtAuth({ key: { secret }, claims: t.Object({ sub: t.String() }) });
// @ts-expect-error hasRole reads `roles`, which these claims do not have
noRoles.require(hasRole('admin'));
noRoles.require(hasClaim('sub'));
noRoles.require(guard('sub is ann', (user) => user.sub === 'ann'));
// @ts-expect-error a custom guard sees the typed claims
noRoles.guard(guard('bad', (user) => user.roles.length > 0));
auth.guard(anyOf(hasRole('admin'), hasPermission('reports:read')), allOf(hasRole('user')));

// Without a claims schema the claims are jose's JWTPayload.
const untyped = jwtAuth({ key: { secret } });
api.get('/raw', { deps: { user: untyped.user } }, ({ deps }) => {
  const sub: string | undefined = deps.user.sub;
  return { sub };
});

// API keys: the lookup's return type is the identity; static keys give their index.
const byStore = apiKey({ lookup: (key: string) => (key === 'k' ? { owner: 'ann', roles: ['user'] } : undefined) });
api.get('/store', { deps: { k: byStore.require(hasRole('user')) } }, ({ deps }) => {
  const owner: string = deps.k.owner;
  // @ts-expect-error the lookup's identity has no `id`
  deps.k.id;
  return { owner };
});
const staticKeys = apiKey({ keys: ['a'] });
api.get('/static', { deps: { k: staticKeys.user } }, ({ deps }) => {
  const index: number = deps.k.keyIndex;
  return { index };
});
// @ts-expect-error a static-key identity has no roles
staticKeys.require(hasRole('admin'));
