/**
 * Bytes allocated on the JS heap per request, from V8's own GC trace (`--trace-gc-nvp` reports the
 * bytes allocated since the previous GC): raw uWebSockets.js vs Bolt on transport-uws, per endpoint.
 * Run: node bench/alloc.mjs   (needs wrk). Allocation, unlike throughput, does not depend on noise.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { hasWrk, runWrk } from './wrk.mjs';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const servers = [
  { name: 'raw uWS', script: 'raw-uws.mjs' },
  { name: 'Bolt uws', script: 'bolt-uws.mjs' },
];
const endpoints = [
  { name: 'GET /', path: '/' },
  { name: 'GET /items/1?q=hello', path: '/items/1?q=hello' },
  {
    name: 'PUT /items/1',
    path: '/items/1',
    method: 'PUT',
    body: JSON.stringify({ name: 'Portal Gun', price: 42.5, is_offer: true }),
    headers: { 'content-type': 'application/json' },
  },
];

async function measure(server, endpoint, port) {
  const script = new URL(`./servers/${server.script}`, import.meta.url).pathname;
  const child = spawn(process.execPath, ['--trace-gc-nvp', script], {
    env: { ...process.env, PORT: String(port), BOLT_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let counting = false;
  let allocated = 0;
  await new Promise((resolve) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready') resolve();
      const m = / allocated=(\d+)/.exec(line);
      if (m && counting) allocated += Number(m[1]);
    });
  });
  const target = { ...endpoint, url: `http://127.0.0.1:${port}${endpoint.path}`, connections: 64 };
  await runWrk({ ...target, seconds: 1 }); // warm up: JIT and pools settle
  counting = true;
  const r = await runWrk({ ...target, seconds });
  counting = false;
  child.kill('SIGKILL');
  return allocated / r.requests;
}

if (!hasWrk()) {
  console.log('wrk is not installed (apt-get install wrk): skipped.');
  process.exit(0);
}
const lines = ['| endpoint | raw uWS bytes/req | Bolt uws bytes/req |', '|---|---:|---:|'];
let port = 19_700 + (process.pid % 200);
for (const endpoint of endpoints) {
  const row = [];
  for (const server of servers) row.push(await measure(server, endpoint, port++));
  lines.push(`| ${endpoint.name} | ${row.map((b) => b.toFixed(0)).join(' | ')} |`);
}
console.log(lines.join('\n'));
