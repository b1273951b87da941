/**
 * The example's batteries (@bolt/middleware): the app-wide plugins (trust proxy, CORS, security
 * headers, compression) and the routes `/limited`, `/health`, `/ready` and `/static/{path...}`.
 * Configured from the environment: CORS_ORIGINS, REDIS_URL, TRUST_PROXY, RATE_LIMIT (BOLT_BATTERIES=off: no
 * app-wide plugins).
 */
import { fileURLToPath } from 'node:url';
import { BoltAPI, type BoltPlugin } from '@bolt/core';
import {
  compress,
  cors,
  health,
  MemoryStore,
  RedisStore,
  rateLimit,
  securityHeaders,
  serveStatic,
  trustProxy,
} from '@bolt/middleware';
import { sql } from 'kysely';
import type { ExampleDatabase } from '../db/open-database.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * `RATE_LIMIT=<requests>/<seconds>`: an app-wide limit per client, e.g. `100/60`; unset: none
 * (only `/limited` is limited). Its store is this process's memory (the Rust engine counts it
 * natively), or Redis with REDIS_URL.
 */
function appRateLimit(env: Env): BoltPlugin[] {
  const setting = env.RATE_LIMIT;
  if (!setting) return [];
  const match = /^(\d+)\/(\d+)$/.exec(setting.trim());
  if (!match) throw new Error(`RATE_LIMIT=${setting} is not <requests>/<seconds>, e.g. RATE_LIMIT=100/60.`);
  const store = env.REDIS_URL
    ? new RedisStore({ url: env.REDIS_URL, prefix: 'bolt:example:app' })
    : new MemoryStore();
  return [rateLimit({ limit: Number(match[1]), windowMs: Number(match[2]) * 1000, store })];
}

/**
 * The app-wide plugins, in the order their hooks must run (the client address first).
 * `BOLT_BATTERIES=off` leaves them out, so benchmarks can measure their cost on the same app.
 */
export function appPlugins(env: Env = process.env): BoltPlugin[] {
  if (env.BOLT_BATTERIES === 'off') return [];
  const origins = (env.CORS_ORIGINS ?? 'http://localhost:3000')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  return [
    ...(env.TRUST_PROXY === '1' ? [trustProxy({ hops: 1 })] : []),
    cors({ origins, credentials: true }),
    ...appRateLimit(env),
    securityHeaders(),
    // Every answer of 1 KiB or more that the client accepts compressed (JSON included: /items100).
    compress({ minBytes: 1024 }),
  ];
}

/** `/limited`, `/health`, `/ready` and `/static/{path...}`. */
export function batteriesRoutes(
  openDatabase: () => Promise<ExampleDatabase>,
  env: Env = process.env,
): BoltAPI {
  const api = new BoltAPI();
  // REDIS_URL: one count for every process and machine; else this process's memory.
  const store = env.REDIS_URL
    ? new RedisStore({ url: env.REDIS_URL, prefix: 'bolt:example' })
    : new MemoryStore();
  const limited = rateLimit({ limit: 5, windowMs: 60_000, store });
  api.get('/limited', { ...limited.hooks }, () => ({ ok: true }));
  api.onShutdown(() => store.close());
  api.use(
    health({
      checks: {
        database: async () => {
          const { db } = await openDatabase();
          await sql`select 1`.execute(db);
        },
      },
    }),
  );
  api.use(serveStatic({ root: fileURLToPath(new URL('../../public', import.meta.url)), prefix: '/static' }));
  return api;
}
