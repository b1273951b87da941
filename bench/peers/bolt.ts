/**
 * Bolt itself, as a user runs it: `serve()` from the transport named by TRANSPORT (node, uws, rust)
 * on the example app (BENCH_APP=example) or the scaling app, with P processes x WORKERS threads.
 * NATIVE_FORMS=off: the Rust engine leaves every plugin's work to JavaScript (`nativeForms: false`).
 */
import type { AppModule, RunningServer } from '@bolt/core';
import { BENCH_APP, HOST, PORT } from './shared/listen-address.js';

const transport = process.env.TRANSPORT ?? 'node';
const processes = Number(process.env.P ?? 1);
const workers = Number(process.env.WORKERS ?? 1);

const app: AppModule =
  BENCH_APP === 'scaling'
    ? { module: new URL('./bolt-scaling-app.js', import.meta.url), export: 'api' }
    : { module: import.meta.resolve('@bolt/example/app'), export: 'api' };

async function start(): Promise<RunningServer> {
  const options = { host: HOST, port: PORT, processes, workers };
  switch (transport) {
    case 'uws':
      return (await import('@bolt/transport-uws')).serve(app, options);
    case 'rust':
      return (await import('@bolt/transport-rust')).serve(app, {
        ...options,
        nativeForms: process.env.NATIVE_FORMS !== 'off',
      });
    case 'node':
      // node:http on Node 20 cannot share a port between threads or processes (no SO_REUSEPORT).
      if (processes > 1 || workers > 1) throw new Error('TRANSPORT=node serves with one process, one thread');
      return (await import('@bolt/core/node')).serve(app, options);
    default:
      throw new Error(`TRANSPORT=${transport} is not known: use node, uws or rust.`);
  }
}

const server = await start();
console.log(`bolt-${transport} listening on ${server.url}`);
const stop = () => server.close({ graceMs: 1000 }).then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
