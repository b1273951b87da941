// Bolt on transport-uws, one thread (or P x WORKERS from the environment).
import { serve } from '../../dist/index.js';

await serve(
  { module: new URL('./bench-app.mjs', import.meta.url), export: 'api' },
  {
    host: '127.0.0.1',
    port: Number(process.env.PORT ?? 8000),
    processes: Number(process.env.P ?? 1),
    workers: Number(process.env.WORKERS ?? 1),
    maxHeaderSize: Number(process.env.BOLT_MAX_HEADER_SIZE ?? 16_384),
  },
);
console.log('ready');
