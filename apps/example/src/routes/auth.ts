/**
 * The example's auth endpoints (DESIGN.md): `POST /auth/token` issues an HS256 token for a demo
 * user, `GET /auth/me` reads it back, `GET /admin/stats` needs the admin role, and `GET /reports`
 * needs the `x-api-key` header. Secrets come from JWT_SECRET and API_KEY, with development
 * defaults that log a warning.
 */
import { AuthErrors, apiKey, hashPassword, hasRole, jwtAuth, jwtSigner, verifyPassword } from '@bolt/auth';
import { BoltAPI, defaultLogger, dependency, HTTPError, type Logger, t } from '@bolt/core';

/** The demo users, as DESIGN.md lists them; their passwords are hashed with scrypt at start-up. */
export const DEMO_USERS = [
  { username: 'alice', password: 'wonderland', roles: ['admin', 'user'] },
  { username: 'bob', password: 'builder', roles: ['user'] },
] as const;

export const ISSUER = 'bolt-example';
const DEV_JWT_SECRET = 'bolt-example-development-secret-do-not-use-in-production';
const DEV_API_KEY = 'dev-key';

/** The token's claims: `sub` is the username. */
export const Claims = t.Object({ sub: t.String(), roles: t.Array(t.String()) });
const Login = t.Object({ username: t.String({ maxLength: 128 }), password: t.String({ maxLength: 1024 }) });
const TokenAnswer = t.Object({
  access_token: t.String(),
  token_type: t.Literal('bearer'),
  expires_in: t.Integer(),
});

interface StoredUser {
  readonly username: string;
  readonly passwordHash: string;
  readonly roles: readonly string[];
}

interface DemoUsers {
  readonly users: ReadonlyMap<string, StoredUser>;
  /** Compared against when the username is unknown, so both failures take the same time. */
  readonly decoy: string;
}

let hashed: Promise<DemoUsers> | undefined;
/** The demo users with scrypt-hashed passwords, hashed once per process and worker (at start-up). */
function demoUsers(): Promise<DemoUsers> {
  hashed ??= (async () => {
    const users = new Map<string, StoredUser>();
    for (const u of DEMO_USERS) {
      users.set(u.username, {
        username: u.username,
        passwordHash: await hashPassword(u.password),
        roles: u.roles,
      });
    }
    return { users, decoy: await hashPassword('decoy password') };
  })();
  return hashed;
}

function setting(name: string, fallback: string, log: Logger): string {
  const value = process.env[name];
  if (value) return value;
  log.warn(
    { setting: name },
    `${name} is not set: using the development default. Set ${name} before deploying.`,
  );
  return fallback;
}

/** Settings for {@link authRoutes}; each defaults to its environment variable, then a development value. */
export interface AuthSettings {
  jwtSecret?: string;
  apiKey?: string;
  logger?: Logger;
}

/**
 * @example
 * api.include(authRoutes());
 * // POST /auth/token {"username":"alice","password":"wonderland"} -> {"access_token":"...","token_type":"bearer","expires_in":900}
 * // GET /auth/me (Authorization: Bearer ...) -> {"username":"alice","roles":["admin","user"]}
 */
export function authRoutes(settings: AuthSettings = {}) {
  const log = settings.logger ?? defaultLogger();
  const secret = settings.jwtSecret ?? setting('JWT_SECRET', DEV_JWT_SECRET, log);
  const reportsKey = settings.apiKey ?? setting('API_KEY', DEV_API_KEY, log);
  const signer = jwtSigner({ key: { secret }, issuer: ISSUER, expiresInSec: 900 });
  // cacheSize: a client sends its token with every request; a remembered one skips jose's
  // WebCrypto verify (tens of µs on the thread pool). The secret never rotates here, so a
  // remembered token is as good as a verified one until it expires.
  const auth = jwtAuth({ key: { secret }, issuer: ISSUER, realm: ISSUER, claims: Claims, cacheSize: 1000 });
  const reports = apiKey({ keys: [reportsKey] });

  // A dependency, not a resource: a compiled app's resources do not start again after a shutdown,
  // and tests serve this one app on several engines in turn.
  const users = dependency({ name: 'demoUsers' }, demoUsers);
  // Declared by chaining, so the typed client (@bolt/client) knows these routes.
  return new BoltAPI()
    .onStartup(demoUsers)
    .post(
      '/auth/token',
      { body: Login, response: TokenAnswer, deps: { demoUsers: users } },
      async ({ body, deps }) => {
        const user = deps.demoUsers.users.get(body.username);
        const ok = await verifyPassword(body.password, user?.passwordHash ?? deps.demoUsers.decoy);
        if (!user || !ok) {
          throw new HTTPError(
            401,
            'Incorrect username or password',
            { 'www-authenticate': `Bearer realm="${ISSUER}"` },
            AuthErrors.LOGIN_FAILED.code,
          );
        }
        const token = await signer.sign({ roles: [...user.roles] }, { subject: user.username });
        return { access_token: token, token_type: 'bearer' as const, expires_in: signer.expiresInSec };
      },
    )
    .get('/auth/me', { deps: { user: auth.user } }, ({ deps }) => ({
      username: deps.user.sub,
      roles: deps.user.roles,
    }))
    .get(
      '/admin/stats',
      { deps: { admin: auth.require(hasRole('admin')), demoUsers: users } },
      ({ deps }) => ({
        users: deps.demoUsers.users.size,
      }),
    )
    .get('/reports', { deps: { key: reports.user } }, () => ({ reports: [] }));
}
