// Bolt on the Rust transport, serving the example endpoints. PORT, WORKERS, P, THREADS, APP from the environment.
import { serve } from '../../dist/index.js';

// APP=probe serves the transport's test app instead (compression comparisons use its /big routes).
const fixture = process.env.APP === 'probe' ? 'probe-app.js' : 'example-like.js';
const app = { module: new URL(`../../test/fixtures/${fixture}`, import.meta.url), export: 'api' };
const server = await serve(app, {
  host: '127.0.0.1',
  port: Number(process.env.PORT ?? 8000),
  workers: Number(process.env.WORKERS ?? 1),
  processes: Number(process.env.P ?? 1),
  threads: Number(process.env.THREADS ?? 1),
});
console.log(`rust listening on ${server.url}`);
process.once('SIGTERM', () => server.close({ graceMs: 500 }).then(() => process.exit(0)));
