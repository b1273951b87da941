/**
 * `pnpm bench --filter @bolt/transport-uws`: raw uWebSockets.js vs Bolt on transport-uws (default, and
 * with `maxHeaderSize: 0`) vs Fastify on GET /, GET /items/1?q=hello and PUT /items/1, in one run,
 * with wrk.
 *
 * The machine may be shared and noisy, so the servers run side by side (idle ones cost
 * nothing) and are measured in short interleaved slices; each ratio is the median over rounds of
 * the ratio within a round (slices seconds apart see the same noise).
 *
 * Knobs (environment): BENCH_SECONDS (3 per slice), BENCH_ROUNDS (5), C (64 connections), P and
 * WORKERS (for Bolt; default 1). With 2+ cores the servers are pinned to core 0 and wrk to core 1.
 * Prints a markdown table and the ratios; writes bench/results.json.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { hasWrk, runWrk, sampleRss, treeCpuMs } from './wrk.mjs';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const connections = Number(process.env.C ?? 64);
const boltMulti = Number(process.env.P ?? 1) * Number(process.env.WORKERS ?? 1) > 1;
const pinned = availableParallelism() >= 2;
const wrkCpu = pinned ? '1' : undefined;
const basePort = 18_000 + (process.pid % 1000) * 4;

const servers = [
  { name: 'raw uWS', script: 'raw-uws.mjs' },
  { name: 'Bolt uws', script: 'bolt-uws.mjs', multi: boltMulti },
  // The same with maxHeaderSize: 0 (no 431 of Bolt's own; headers copied only when read).
  { name: 'Bolt uws lazy', script: 'bolt-uws.mjs', multi: boltMulti, env: { BOLT_MAX_HEADER_SIZE: '0' } },
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

async function start(server, port) {
  const script = new URL(`./servers/${server.script}`, import.meta.url).pathname;
  const [cmd, args] =
    pinned && !server.multi ? ['taskset', ['-c', '0', process.execPath, script]] : [process.execPath, [script]];
  const child = spawn(cmd, args, {
    env: { ...process.env, PORT: String(port), BOLT_LOG_LEVEL: 'warn', ...server.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => line === 'ready' && resolve());
    child.once('exit', (code) => reject(new Error(`${server.name} exited with ${code}`)));
  });
  return child;
}

async function check(server, endpoint) {
  const res = await fetch(`${server.url}${endpoint.path}`, {
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
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

if (!hasWrk()) {
  console.log('wrk is not installed (apt-get install wrk): benchmark skipped.');
  process.exit(0);
}

const children = [];
try {
  for (const [i, server] of servers.entries()) {
    server.url = `http://127.0.0.1:${basePort + i}`;
    const child = await start(server, basePort + i);
    children.push(child);
    server.pid = child.pid;
    for (const endpoint of endpoints) await check(server, endpoint);
    await runWrk({ url: `${server.url}/`, connections, seconds: 1, cpu: wrkCpu }); // warm up the JIT
  }
  const samples = {}; // samples[endpoint][server] = [{ rps, p50Ms, p99Ms, rssMiB }]
  for (const endpoint of endpoints) {
    samples[endpoint.name] = Object.fromEntries(servers.map((s) => [s.name, []]));
    for (let round = 0; round < rounds; round++) {
      // Rotate the order so no server always runs right after another's load.
      for (let k = 0; k < servers.length; k++) {
        const server = servers[(round + k) % servers.length];
        const rss = sampleRss(server.pid);
        const cpuBefore = treeCpuMs(server.pid);
        const r = await runWrk({
          url: `${server.url}${endpoint.path}`,
          method: endpoint.method,
          body: endpoint.body,
          headers: endpoint.headers,
          connections,
          seconds,
          cpu: wrkCpu,
        });
        const { maxKiB } = rss();
        const cpuUsPerReq = ((treeCpuMs(server.pid) - cpuBefore) * 1000) / r.requests;
        if (r.errors || r.non2xx) console.error(`${server.name} ${endpoint.name}: ${r.errors} errors, ${r.non2xx} non-2xx`);
        samples[endpoint.name][server.name].push({
          rps: r.rps,
          p50Ms: r.p50Ms,
          p99Ms: r.p99Ms,
          rssMiB: maxKiB / 1024,
          cpuUsPerReq,
        });
        console.error(
          `${endpoint.name.padEnd(22)} round ${round + 1} ${server.name.padEnd(9)} ${Math.round(r.rps)} req/s ${cpuUsPerReq.toFixed(1)} µs CPU/req`,
        );
      }
    }
  }

  const fmt = (n, d = 0) => n.toFixed(d);
  const lines = [
    `transport-uws benchmark: wrk -t1 -c${connections}, ${rounds} interleaved rounds of ${seconds}s per server and endpoint, ` +
      `${pinned ? 'servers pinned to core 0, wrk to core 1' : 'unpinned'}; Bolt P=${process.env.P ?? 1} WORKERS=${process.env.WORKERS ?? 1}. Medians.`,
    '',
    '| endpoint | server | req/s | p50 ms | p99 ms | server CPU µs/req | peak RSS MiB |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  const summary = {};
  for (const endpoint of endpoints) {
    summary[endpoint.name] = {};
    for (const server of servers) {
      const xs = samples[endpoint.name][server.name];
      const row = {
        rps: median(xs.map((x) => x.rps)),
        p50Ms: median(xs.map((x) => x.p50Ms)),
        p99Ms: median(xs.map((x) => x.p99Ms)),
        rssMiB: Math.max(...xs.map((x) => x.rssMiB)),
        cpuUsPerReq: median(xs.map((x) => x.cpuUsPerReq)),
      };
      summary[endpoint.name][server.name] = row;
      lines.push(`| ${endpoint.name} | ${server.name} | ${fmt(row.rps)} | ${fmt(row.p50Ms, 2)} | ${fmt(row.p99Ms, 2)} | ${fmt(row.cpuUsPerReq, 1)} | ${fmt(row.rssMiB, 1)} |`);
    }
  }
  lines.push(
    '',
    'Ratios of requests/s (median of within-round ratios), and the same from CPU cost per request',
    '(raw CPU/req ÷ Bolt CPU/req: the throughput ratio when each has a core to itself; steadier on a noisy machine).',
    '',
    '| endpoint | Bolt / raw uWS req/s (target >= 0.85) | by CPU cost | Bolt / Fastify req/s (target >= 2.5) | by CPU cost | RSS Bolt / raw uWS (target <= 1.5) | lazy / raw uWS req/s | by CPU cost |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  );
  const ratios = {};
  for (const endpoint of endpoints) {
    const per = samples[endpoint.name];
    const within = (a, b) => median(per[a].map((x, i) => x.rps / per[b][i].rps));
    const byCpu = (a, b) => median(per[b].map((x, i) => x.cpuUsPerReq / per[a][i].cpuUsPerReq));
    const s = summary[endpoint.name];
    const q = {
      vsRaw: within('Bolt uws', 'raw uWS'),
      vsRawByCpu: byCpu('Bolt uws', 'raw uWS'),
      vsFastify: within('Bolt uws', 'Fastify'),
      vsFastifyByCpu: byCpu('Bolt uws', 'Fastify'),
      rss: s['Bolt uws'].rssMiB / s['raw uWS'].rssMiB,
      lazyVsRaw: within('Bolt uws lazy', 'raw uWS'),
      lazyVsRawByCpu: byCpu('Bolt uws lazy', 'raw uWS'),
    };
    ratios[endpoint.name] = q;
    lines.push(
      `| ${endpoint.name} | ${fmt(q.vsRaw, 2)} | ${fmt(q.vsRawByCpu, 2)} | ${fmt(q.vsFastify, 2)} | ${fmt(q.vsFastifyByCpu, 2)} | ${fmt(q.rss, 2)} | ${fmt(q.lazyVsRaw, 2)} | ${fmt(q.lazyVsRawByCpu, 2)} |`,
    );
  }
  console.log(lines.join('\n'));
  writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify({ summary, ratios, samples }, null, 2)}\n`);
} finally {
  await Promise.all(children.map(stop));
}
