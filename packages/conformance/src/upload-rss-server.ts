// A server for the streaming check (cases/upload-rss.ts): POST /big takes one file (sha256 over its temp file), and the
// process samples its own RSS every 2 ms so the test can read the peak during an upload.
// Usage: node upload-rss-server.js <engine module URL> <export>  (a Transport, or a listen function)
import { createHash } from 'node:crypto';
import { BoltAPI, t, Upload } from '@bolt/core';
import type { CompiledApp, RunningServer } from '@bolt/core/transport';

type Listen = (app: CompiledApp, opts: { host: string; port: number }) => Promise<RunningServer>;
const [moduleUrl, exportName] = process.argv.slice(2) as [string, string];
const engine = (await import(moduleUrl))[exportName] as Listen | { listen: Listen };
const listen: Listen = typeof engine === 'function' ? engine : (app, opts) => engine.listen(app, opts);
const gc = (globalThis as { gc?: (options?: { type: 'minor' | 'major' }) => void }).gc;

let peak = 0;
const sample = () => {
  const rss = process.memoryUsage.rss();
  if (rss > peak) peak = rss;
};
setInterval(sample, 2).unref();
// With BOLT_RSS_GC=1, garbage is collected every 5 ms (a minor collection; a full one every 100 ms), so the peak shows what the server holds,
// not how long the GC waited: chunks already written out are garbage, and V8 frees their memory
// only at its next collection, which a quiet heap may put off until after the upload.
if (process.env.BOLT_RSS_GC === '1') {
  let ticks = 0;
  setInterval(() => gc?.(++ticks % 20 === 0 ? undefined : { type: 'minor' }), 5).unref();
}

const api = new BoltAPI();
api.post(
  '/big',
  {
    body: t.Object({ file: Upload() }),
    limits: { fileSize: 64 * 1024 * 1024 },
    bodyLimit: 100 * 1024 * 1024,
  },
  async ({ body }) => {
    sample();
    const hash = createHash('sha256');
    for await (const chunk of body.file.stream()) hash.update(chunk as Buffer);
    return { size: body.file.size, sha256: hash.digest('hex') };
  },
);
// Starts a measurement: a full GC first (--expose-gc), so garbage from earlier requests is not counted.
api.post('/rss/reset', () => {
  gc?.();
  peak = 0;
  sample();
  return { rss: peak };
});
api.get('/rss/peak', () => {
  sample();
  return { peak, rss: process.memoryUsage.rss() };
});

const server = await listen(api.compile(), { host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
process.on('SIGTERM', () => server.close({ graceMs: 100 }).then(() => process.exit(0)));
