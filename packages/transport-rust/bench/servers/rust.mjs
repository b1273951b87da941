// Bolt on the Rust transport, serving the example endpoints. PORT, WORKERS, P, THREADS from the environment.
import { serve } from '../../dist/index.js';

const app = { module: new URL('../../test/fixtures/example-like.js', import.meta.url), export: 'api' };
const server = await serve(app, {
  host: '127.0.0.1',
  port: Number(process.env.PORT ?? 8000),
  workers: Number(process.env.WORKERS ?? 1),
  processes: Number(process.env.P ?? 1),
  threads: Number(process.env.THREADS ?? 1),
});
console.log(`rust listening on ${server.url}`);
process.once('SIGTERM', () => server.close({ graceMs: 500 }).then(() => process.exit(0)));
