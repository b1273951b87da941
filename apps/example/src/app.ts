/**
 * The example app. Exported as `api` so every transport worker can import this module.
 * The database (SQLite by default, PostgreSQL with DATABASE_URL) is opened by a start-up handler in
 * every process and worker, and closed by a shutdown handler. When it is unreachable at start-up
 * the app still starts: `/users` routes answer 503 and open it on a later request.
 * Every answer carries `x-request-id`; BOLT_ACCESS_LOG=1 writes one log line per request.
 * WebSockets: /ws/echo and /ws/chat/{room} (routes/websocket.ts); REDIS_URL relays chat rooms across processes.
 */
import { BoltAPI, defaultLogger } from '@bolt/core';
import { redisPubSub } from '@bolt/middleware';
import { type ExampleDatabase, openDatabase } from './db/open-database.js';
import { authRoutes } from './routes/auth.js';
import { appPlugins, batteriesRoutes } from './routes/batteries.js';
import { benchRoutes } from './routes/bench.js';
import { docsPlugin } from './routes/docs.js';
import { formsRoutes } from './routes/forms.js';
import { itemsRoutes } from './routes/items.js';
import { usersRoutes } from './routes/users.js';
import { websocketRoutes } from './routes/websocket.js';

export const api = new BoltAPI({
  requestId: true,
  accessLog: process.env.BOLT_ACCESS_LOG === '1',
  // REDIS_URL: WebSocket rooms span every process and machine of the app.
  ...(process.env.REDIS_URL ? { pubsub: redisPubSub({ url: process.env.REDIS_URL }) } : {}),
});
// CORS (CORS_ORIGINS), security headers, compression, TRUST_PROXY=1: routes/batteries.ts.
for (const plugin of appPlugins()) api.use(plugin);

let database: ExampleDatabase | undefined;
api.onStartup(async function openExampleDatabase() {
  try {
    database = await openDatabase();
  } catch (error) {
    defaultLogger().warn({ err: error }, 'database not ready at start-up; /users answers 503 until it is');
  }
});
api.onShutdown(async function closeExampleDatabase() {
  await database?.close();
  database = undefined;
});
api.include(itemsRoutes());
api.include(benchRoutes());
api.include(usersRoutes(openDatabase));
api.include(authRoutes());
api.include(formsRoutes());
api.include(batteriesRoutes(openDatabase));
api.include(websocketRoutes());
// GET /openapi.json, /openapi.yaml, /docs, /docs/scalar: built from every route above at start-up.
api.use(docsPlugin());

/**
 * The example's typed routes (those declared by chaining), for the typed client:
 * `createClient<ExampleAPI>('http://127.0.0.1:8000')` (@bolt/client).
 */
export type ExampleAPI = BoltAPI<
  '',
  ReturnType<typeof itemsRoutes>['~routes'] &
    ReturnType<typeof benchRoutes>['~routes'] &
    ReturnType<typeof usersRoutes>['~routes'] &
    ReturnType<typeof authRoutes>['~routes']
>;
