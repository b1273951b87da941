/**
 * Starts the example app. Settings come from the environment (the Makefile passes them):
 * HOST (127.0.0.1), PORT (8000), TRANSPORT (uws | rust | node, default uws), P processes (1),
 * WORKERS threads per process (1), DATABASE_URL (postgres://...; default: SQLite in data/bolt.sqlite).
 */
import { openDatabase } from './db/index.js';
import { serveWith } from './serve-with.js';

const settings = {
  host: process.env.HOST ?? '127.0.0.1',
  port: Number(process.env.PORT ?? 8000),
  transport: process.env.TRANSPORT ?? 'uws',
  processes: Number(process.env.P ?? 1),
  workers: Number(process.env.WORKERS ?? 1),
};

// Create, migrate and seed the database once, here, before any worker starts: workers then find it
// ready instead of racing to migrate it. If it is unreachable the app still starts; /users answers
// 503 until it comes back.
try {
  const database = await openDatabase();
  console.log(`database ready: ${database.dialect} ${database.location}`);
  if (settings.processes > 1 || settings.workers > 1) await database.close();
} catch (error) {
  console.error(`database not ready (the /users routes answer 503 until it is): ${(error as Error).message}`);
}

const server = await serveWith(settings);
console.log(
  `Bolt example on ${server.url} (transport=${settings.transport}, P=${settings.processes}, WORKERS=${settings.workers})`,
);

const stop = async () => {
  await server.close({ graceMs: 10_000 });
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
