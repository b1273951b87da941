#!/usr/bin/env node
/**
 * WebSocket echo messages per second, the example's /ws/echo on Bolt's engines against plain
 * echo servers (`ws`, uWebSockets.js's own app.ws), measured in one run. Each server runs in its
 * own process, the load in another: C connections each keeping W text messages in flight for D
 * seconds (after a warm-up), targets interleaved over R rounds, the median reported.
 *
 * Targets: `ws` and `uws` (plain echo servers), `bolt-min` (Bolt on node:http with only an echo
 * route), `bolt-node`, `bolt-uws`, `bolt-rust` (the example, TRANSPORT=node|uws|rust).
 *
 *   node packages/conformance/scripts/ws-echo-bench.mjs [--targets ws,uws,bolt-node,bolt-uws]
 *     [--connections 16] [--window 8] [--seconds 5] [--warmup 1] [--rounds 3] [--size 32]
 *
 * Needs the example built (apps/example/dist). Prints one JSON line per measurement and a table.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));
const self = fileURLToPath(import.meta.url);

const { values: args } = parseArgs({
  options: {
    targets: { type: 'string', default: 'ws,uws,bolt-node,bolt-uws' },
    connections: { type: 'string', default: '16' },
    window: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '3' },
    size: { type: 'string', default: '32' },
    // Internal modes: a server or the load, in a process of its own.
    serve: { type: 'string' },
    client: { type: 'string' },
  },
});

/** Plain echo servers, for comparison: each prints `listening <port>`. */
async function serveRaw(kind) {
  // A normal exit on SIGTERM, so that `node --cpu-prof` writes its profile.
  process.once('SIGTERM', () => process.exit(0));
  if (kind === 'ws') {
    const { WebSocketServer } = createRequire(`${here}../package.json`)('ws');
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
    wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
    await once(wss, 'listening');
    console.log(`listening ${wss.address().port}`);
  } else if (kind === 'bolt-min') {
    // Bolt with nothing but the echo route (no plugins, no database): the engine's own cost.
    const { BoltAPI } = await import(`${root}packages/core/dist/index.js`);
    const { serve } = await import(`${root}packages/core/dist/node/index.js`);
    const api = new BoltAPI();
    api.ws('/', { message: (ws, data) => ws.send(data) });
    const server = await serve(api, { host: '127.0.0.1', port: 0 });
    console.log(`listening ${server.port}`);
  } else if (kind === 'uws') {
    const uws = createRequire(`${root}packages/transport-uws/package.json`)('@trufflesuite/uws-js-unofficial');
    uws
      .App()
      .ws('/*', { compression: 0, maxPayloadLength: 1024 * 1024, message: (ws, message, isBinary) => ws.send(message, isBinary) })
      .listen('127.0.0.1', 0, (socket) => console.log(`listening ${uws.us_socket_local_port(socket)}`));
  }
}

/** The load: prints `{"messages": n, "seconds": s}` for the measured part. */
async function load(url) {
  const WebSocket = createRequire(`${here}../package.json`)('ws');
  const connections = Number(args.connections);
  const window = Number(args.window);
  const payload = 'x'.repeat(Number(args.size));
  let counting = false;
  let messages = 0;
  const sockets = await Promise.all(
    Array.from(
      { length: connections },
      () =>
        new Promise((resolve, reject) => {
          const ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: 10_000 });
          ws.once('open', () => resolve(ws));
          ws.once('error', reject);
        }),
    ),
  );
  let running = true;
  for (const ws of sockets) {
    ws.on('message', () => {
      if (counting) messages++;
      if (running) ws.send(payload);
    });
    for (let i = 0; i < window; i++) ws.send(payload);
  }
  await new Promise((r) => setTimeout(r, Number(args.warmup) * 1000));
  counting = true;
  console.log(JSON.stringify({ phase: 'counting' }));
  const started = performance.now();
  await new Promise((r) => setTimeout(r, Number(args.seconds) * 1000));
  counting = false;
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ messages, seconds }));
  running = false;
  for (const ws of sockets) ws.terminate();
}

/** Starts `target`; resolves with its echo URL and a stop function. */
async function startTarget(target) {
  let child;
  let path = '/';
  if (target === 'ws' || target === 'uws' || target === 'bolt-min') {
    child = spawn(process.execPath, [self, '--serve', target], { stdio: ['ignore', 'pipe', 'inherit'] });
  } else {
    const transport = target.replace(/^bolt-/, '');
    child = spawn(process.execPath, [`${root}apps/example/dist/main.js`], {
      env: { ...process.env, HOST: '127.0.0.1', PORT: '0', TRANSPORT: transport, P: '1', WORKERS: '1' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    path = '/ws/echo';
  }
  let out = '';
  const port = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${target} exited with ${code} before listening`)));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening (\d+)/.exec(out) ?? /Bolt example on http:\/\/[^:]+:(\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
  });
  return {
    url: `ws://127.0.0.1:${port}${path}`,
    pid: child.pid,
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

/** CPU seconds (user + system, every thread) the process has used so far. */
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Runs the load against `url`: messages per second of wall time, and per CPU second of the server
 * process (less sensitive to what else the machine runs than wall time).
 */
async function measure(url, pid) {
  const child = spawn(process.execPath, [self, '--client', url, ...process.argv.slice(2)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  let cpuStart = 0;
  let cpuEnd = 0;
  child.stdout.on('data', (chunk) => {
    out += chunk;
    if (!cpuStart && out.includes('"phase":"counting"')) cpuStart = cpuSeconds(pid);
    if (!cpuEnd && out.includes('"messages"')) cpuEnd = cpuSeconds(pid);
  });
  // A load that has not reported well after its time is stopped and counted as nothing.
  const limit = setTimeout(() => child.kill('SIGKILL'), (Number(args.seconds) + Number(args.warmup) + 30) * 1000);
  await once(child, 'exit');
  clearTimeout(limit);
  const line = out.trim().split('\n').find((l) => l.includes('"messages"'));
  if (!line) {
    console.error(`no result from ${url} (the load was stopped, or could not connect)`);
    return { rate: 0, perCpu: 0 };
  }
  const { messages, seconds } = JSON.parse(line);
  return { rate: messages / seconds, perCpu: messages / Math.max(0.01, cpuEnd - cpuStart) };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  const targets = args.targets.split(',');
  const servers = {};
  for (const target of targets) servers[target] = await startTarget(target);
  const results = Object.fromEntries(targets.map((t) => [t, []]));
  const perCpu = Object.fromEntries(targets.map((t) => [t, []]));
  try {
    for (let round = 0; round < Number(args.rounds); round++) {
      // Rotated each round so no target always runs first (or right after the heaviest).
      const order = targets.map((_, i) => targets[(i + round) % targets.length]);
      for (const target of order) {
        const { rate, perCpu: cpu } = await measure(servers[target].url, servers[target].pid);
        results[target].push(rate);
        perCpu[target].push(cpu);
        console.log(
          JSON.stringify({ round, target, messagesPerSecond: Math.round(rate), perServerCpuSecond: Math.round(cpu) }),
        );
      }
    }
  } finally {
    await Promise.all(Object.values(servers).map((s) => s.stop()));
  }
  const base = median(results.ws ?? results[targets[0]]);
  const baseCpu = median(perCpu.ws ?? perCpu[targets[0]]);
  console.log(
    `\nconnections=${args.connections} window=${args.window} size=${args.size}B seconds=${args.seconds} rounds=${args.rounds}`,
  );
  console.log('target       msg/s (median)  vs ws   msg per server CPU s  vs ws');
  for (const target of targets) {
    const m = median(results[target]);
    const c = median(perCpu[target]);
    console.log(
      `${target.padEnd(12)} ${String(Math.round(m)).padStart(14)}  ${(m / base).toFixed(2).padStart(5)}   ${String(Math.round(c)).padStart(20)}  ${(c / baseCpu).toFixed(2).padStart(5)}`,
    );
  }
}

if (args.serve) await serveRaw(args.serve);
else if (args.client) await load(args.client);
else await main();
