/**
 * Starts the example app. Settings come from the environment (the Makefile passes them):
 * HOST (127.0.0.1), PORT (8000), TRANSPORT (node), P processes (1), WORKERS per process (1).
 */
import { serveWith } from './serve-with.js';

const settings = {
  host: process.env.HOST ?? '127.0.0.1',
  port: Number(process.env.PORT ?? 8000),
  transport: process.env.TRANSPORT ?? 'node',
  processes: Number(process.env.P ?? 1),
  workers: Number(process.env.WORKERS ?? 1),
};

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
