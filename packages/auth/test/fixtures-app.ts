/** The app the engine tests serve: every scheme form, guard and refusal on its own route. */
import { BoltAPI, t as s } from '@bolt/core';
import { anyOf, apiKey, hasPermission, hasRole, jwtAuth } from '../src/index.js';
import { SECRET } from './keys.js';

export const Claims = s.Object({
  sub: s.String(),
  roles: s.Array(s.String()),
  permissions: s.Optional(s.Array(s.String())),
});

export const auth = jwtAuth({ key: { secret: SECRET }, issuer: 'tests', realm: 'bolt', claims: Claims });

const owners = new Map([['store-key-1', { owner: 'ann', roles: ['user'] }]]);

export function authApp(): { api: BoltAPI; calls: { handler: number } } {
  const calls = { handler: 0 };
  const api = new BoltAPI();
  api.get('/open', () => ({ ok: true }));
  api.get('/me', { deps: { user: auth.user } }, ({ deps }) => {
    calls.handler++;
    return { sub: deps.user.sub, roles: deps.user.roles };
  });
  api.get('/maybe', { deps: { user: auth.optionalUser } }, ({ deps }) => ({ sub: deps.user?.sub ?? null }));
  api.get('/admin', { deps: { user: auth.require(hasRole('admin')) } }, ({ deps }) => ({
    admin: deps.user.sub,
  }));
  api.get(
    '/reports',
    { preHandler: auth.guard(anyOf(hasRole('admin'), hasPermission('reports:read'))) },
    () => ({ reports: [] }),
  );

  // A sub-app protected as a whole: 401 is decided in onRequest, before the body is bound.
  const team = new BoltAPI({ prefix: '/team' });
  team.use(auth.protect(hasRole('user')));
  team.post('/items', { body: s.Object({ name: s.String() }) }, ({ body }) => ({ created: body.name }));
  team.get('/', () => ({ team: true }));
  api.include(team);

  const headerKey = apiKey({ keys: ['k-one', 'k-two'] });
  const queryKey = apiKey({ in: 'query', name: 'key', lookup: (key) => owners.get(key) });
  const cookieKey = apiKey({ in: 'cookie', name: 'session_key', lookup: async (key) => owners.get(key) });
  api.get('/key/header', { deps: { k: headerKey.user } }, ({ deps }) => ({ keyIndex: deps.k.keyIndex }));
  api.get('/key/query', { deps: { k: queryKey.user } }, ({ deps }) => ({ owner: deps.k.owner }));
  api.get('/key/cookie', { deps: { k: cookieKey.require(hasRole('user')) } }, ({ deps }) => ({
    owner: deps.k.owner,
  }));
  return { api, calls };
}
