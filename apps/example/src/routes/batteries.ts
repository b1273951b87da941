/**
 * The example's batteries (@bolt/middleware): the app-wide plugins (trust proxy, CORS, security
 * headers, compression) and the routes `/limited`, `/health`, `/ready` and `/static/{path...}`.
 * Configured from the environment: CORS_ORIGINS, REDIS_URL, TRUST_PROXY (BOLT_BATTERIES=off: no app-wide plugins).
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
