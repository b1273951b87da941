/**
 * The `cost` rows: what the example's batteries and auth add to a request, Bolt measured against
 * itself in the same run (issue targets: GET / with CORS, security headers and a memory rate limit
 * within 15% of none of them; GET /auth/me against an unauthenticated route; Rust's native JWT check
 * against the JS one).
 *
 * `cost-root` serves the example with an app-wide memory rate limit (RATE_LIMIT, high enough that no
 * request is refused) on top of its batteries; the auth rows serve it as shipped (an app-wide rate
 * limit would keep Rust's JWT check in JS: its refusals must also carry the limiter's headers).
 * Every row sets a known JWT_SECRET, so the token below verifies. The bare contenders
 * (BOLT_BATTERIES=off) run the same app without any app-wide plugin.
 */
import { createHmac } from 'node:crypto';
import { HELLO } from '../peers/shared/items.js';
import type { Endpoint } from './endpoints.js';
import { expectJson } from './expect-json.js';

/** The secret the cost rows' servers verify tokens with. */
export const COST_JWT_SECRET = 'bolt-bench-cost-rows-secret-0123456789abcdef';
/** Counted per client, and never reached within a run. */
const RATE_LIMIT = '1000000000/60';

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * An HS256 token for the example's demo user alice, as `POST /auth/token` issues them (issuer
 * `bolt-example`), valid for a day. Signed here with node:crypto so the rows are static data.
 */
function aliceToken(secret: string): string {
  const now = Math.floor(Date.now() / 1000);
  const head = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({
    sub: 'alice',
    roles: ['admin', 'user'],
    iss: 'bolt-example',
    iat: now,
    exp: now + 86_400,
  })}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

const token = aliceToken(COST_JWT_SECRET);
/** The same token with its signature's last characters changed: refused with 401. */
const badToken = `${token.slice(0, -4)}${token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
const authEnv = { JWT_SECRET: COST_JWT_SECRET };
const env = { ...authEnv, RATE_LIMIT };

const refused = (status: number, json: unknown): string | undefined => {
  if (status !== 401) return `status ${status}, expected 401`;
  const detail = (json as { detail?: unknown } | undefined)?.detail;
  return detail === undefined ? `body ${JSON.stringify(json)?.slice(0, 120)} has no detail` : undefined;
};

export const COST_ENDPOINTS: readonly Endpoint[] = [
  {
    id: 'cost-root',
    title: 'GET / (batteries and app-wide rate limit)',
    group: 'cost',
    method: 'GET',
    path: '/',
    env,
    check: expectJson(HELLO),
  },
  {
    id: 'cost-auth-me',
    title: 'GET /auth/me (valid bearer token)',
    group: 'cost',
    method: 'GET',
    path: '/auth/me',
    headers: { authorization: `Bearer ${token}` },
    env: authEnv,
    check: expectJson({ username: 'alice', roles: ['admin', 'user'] }),
  },
  {
    id: 'cost-auth-refused',
    title: 'GET /auth/me (bad signature: 401)',
    group: 'cost',
    method: 'GET',
    path: '/auth/me',
    headers: { authorization: `Bearer ${badToken}` },
    expectStatus: 401,
    env: authEnv,
    check: refused,
  },
];
