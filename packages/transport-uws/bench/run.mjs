/**
 * `pnpm bench --filter @bolt/transport-uws`: raw uWebSockets.js vs Bolt on transport-uws vs Fastify on
 * GET /, GET /items/1?q=hello and PUT /items/1, back to back in one run, with wrk.
 *
 * Knobs (environment): BENCH_SECONDS (5 per endpoint), BENCH_ROUNDS (2; best round kept), C (64
 * connections), P and WORKERS (for Bolt; default 1). With 2+ cores the server is pinned to core 0
 * and wrk to core 1. Prints a markdown table and the ratios; writes bench/results.json.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { hasWrk, runWrk, sampleRss } from './wrk.mjs';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const connections = Number(process.env.C ?? 64);
const pinned = availableParallelism() >= 2;
const port = 18_000 + (process.pid % 1000);

const servers = [
  { name: 'raw uWS', script: 'raw-uws.mjs' },
  { name: 'Bolt uws', script: 'bolt-uws.mjs' },
  { name: 'Fastify', script: 'fastify.mjs' },
];
const item = JSON.stringify({ name: 'Portal Gun', price: 42.5, is_offer: true });
const endpoints = [
  { name: 'GET /', path: '/', expect: { Hello: 'World' } },
  { name: 'GET /items/1?q=hello', path: '/items/1?q=hello', expect: { item_id: 1, q: 'hello' } },
  {
    name: 'PUT /items/1',
    path: '/items/1',
    method: 'PUT',
    body: item,
    headers: { 'content-type': 'application/json' },
    expect: { item_name: 'Portal Gun', item_id: 1 },
  },
];

async function start(server) {
  const script = new URL(`./servers/${server.script}`, import.meta.url).pathname;
  const boltMulti = Number(process.env.P ?? 1) * Number(process.env.WORKERS ?? 1) > 1;
  const [cmd, args] =
    pinned && !(server.script === 'bolt-uws.mjs' && boltMulti)
      ? ['taskset', ['-c', '0', process.execPath, script]]
      : [process.execPath, [script]];
  const child = spawn(cmd, args, {
    env: { ...process.env, PORT: String(port), BOLT_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => line === 'ready' && resolve());
    child.once('exit', (code) => reject(new Error(`${server.name} exited with ${code}`)));
  });
  return child;
}

async function check(server, endpoint) {
  const res = await fetch(`http://127.0.0.1:${port}${endpoint.path}`, {
    method: endpoint.method ?? 'GET',
    body: endpoint.body,
    headers: endpoint.headers,
  });
  const body = await res.json();
  if (res.status !== 200 || JSON.stringify(body) !== JSON.stringify(endpoint.expect)) {
    throw new Error(`${server.name} ${endpoint.name}: ${res.status} ${JSON.stringify(body)}`);
  }
}

function stop(child) {
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

if (!hasWrk()) {
  console.log('wrk is not installed (apt-get install wrk): benchmark skipped.');
  process.exit(0);
}

const results = {}; // results[server][endpoint] = best { rps, p50Ms, p99Ms, rssMiB }
for (let round = 1; round <= rounds; round++) {
  for (const server of servers) {
    const child = await start(server);
    try {
      for (const endpoint of endpoints) await check(server, endpoint);
      const url = `http://127.0.0.1:${port}`;
      await runWrk({ url: `${url}/`, connections, seconds: 1, cpu: pinned ? '1' : undefined }); // warm up
      for (const endpoint of endpoints) {
        const rss = sampleRss(child.pid);
        const r = await runWrk({
          url: `${url}${endpoint.path}`,
          method: endpoint.method,
          body: endpoint.body,
          headers: endpoint.headers,
          connections,
          seconds,
          cpu: pinned ? '1' : undefined,
        });
        const { maxKiB } = rss();
        if (r.errors || r.non2xx) console.error(`${server.name} ${endpoint.name}: ${r.errors} errors, ${r.non2xx} non-2xx`);
        const row = { rps: r.rps, p50Ms: r.p50Ms, p99Ms: r.p99Ms, rssMiB: maxKiB / 1024 };
        results[server.name] ??= {};
        const best = results[server.name][endpoint.name];
        if (!best || row.rps > best.rps) results[server.name][endpoint.name] = row;
        console.error(`round ${round} ${server.name.padEnd(9)} ${endpoint.name.padEnd(22)} ${Math.round(r.rps)} req/s`);
      }
    } finally {
      await stop(child);
    }
  }
}

const fmt = (n, d = 0) => n.toFixed(d);
const lines = [
  `transport-uws benchmark: wrk -t1 -c${connections} -d${seconds}s, best of ${rounds} round(s), ` +
    `server ${pinned ? 'pinned to core 0, wrk to core 1' : 'unpinned'}; Bolt P=${process.env.P ?? 1} WORKERS=${process.env.WORKERS ?? 1}`,
  '',
  '| endpoint | server | req/s | p50 ms | p99 ms | peak RSS MiB |',
  '|---|---|---:|---:|---:|---:|',
];
for (const endpoint of endpoints) {
  for (const server of servers) {
    const r = results[server.name][endpoint.name];
    lines.push(`| ${endpoint.name} | ${server.name} | ${fmt(r.rps)} | ${fmt(r.p50Ms, 2)} | ${fmt(r.p99Ms, 2)} | ${fmt(r.rssMiB, 1)} |`);
  }
}
lines.push('', '| endpoint | Bolt / raw uWS (target >= 0.85) | Bolt / Fastify (target >= 2.5) | RSS Bolt / raw uWS (target <= 1.5) |');
lines.push('|---|---:|---:|---:|');
const ratios = {};
for (const endpoint of endpoints) {
  const bolt = results['Bolt uws'][endpoint.name];
  const raw = results['raw uWS'][endpoint.name];
  const fastify = results.Fastify[endpoint.name];
  ratios[endpoint.name] = { vsRaw: bolt.rps / raw.rps, vsFastify: bolt.rps / fastify.rps, rss: bolt.rssMiB / raw.rssMiB };
  const q = ratios[endpoint.name];
  lines.push(`| ${endpoint.name} | ${fmt(q.vsRaw, 2)} | ${fmt(q.vsFastify, 2)} | ${fmt(q.rss, 2)} |`);
}
console.log(lines.join('\n'));
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify({ results, ratios }, null, 2)}\n`);
