/** Serves bench/app.ts on ENGINE (node | uws | rust) at PORT, until SIGTERM. */
import type { RunningServer } from '@bolt/core';
import { api } from './app.js';

const engine = process.env.ENGINE ?? 'node';
const options = { host: '127.0.0.1', port: Number(process.env.PORT), handleSignals: false };
let server: RunningServer;
if (engine === 'uws') server = await (await import('@bolt/transport-uws')).serve(api, options);
else if (engine === 'rust') server = await (await import('@bolt/transport-rust')).serve(api, options);
else server = await (await import('@bolt/core/node')).serve(api, options);
console.log(`ready ${server.url}`);
process.once('SIGTERM', () => server.close({ graceMs: 500 }).then(() => process.exit(0)));
