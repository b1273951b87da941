/**
 * WebSocket echo messages/s: Bolt on the Rust engine against the `ws` package's own echo server
 * (and raw uWS `app.ws` and Bolt on node:http when their builds are there), measured in the same
 * run by the same client. Each server runs in its own process on 127.0.0.1; the client (this
 * process, the `ws` package) keeps CONNS sockets, each with DEPTH messages in flight, and counts
 * the echoes during DURATION seconds after a one-second warm-up. Rounds alternate the servers and the
 * median is reported, with the server process's CPU time per echoed message (all its threads,
 * from /proc), which a loaded machine disturbs less than the rate. Bounded: ROUNDS x servers x
 * (1 + DURATION) seconds, then it exits.
 *
 *   node bench/ws-echo.mjs                      # CONNS=50 DEPTH=1 DURATION=5 ROUNDS=3 SIZE=32
 *   TARGETS=bolt-rust,ws node bench/ws-echo.mjs
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import WebSocket, { WebSocketServer } from 'ws';

const env = (name, fallback) => Number(process.env[name] ?? fallback);
const uwsDist = new URL('../../transport-uws/dist/index.js', import.meta.url);

/** How each server listens on `port` and echoes every message on `/ws/echo`. */
const SERVERS = {
  'bolt-rust': async (port) => {
    const { BoltAPI } = await import('@bolt/core');
    const { serve } = await import('../dist/index.js');
    const api = new BoltAPI();
    api.ws('/ws/echo', { message: (ws, data) => ws.send(data) });
    await serve(api, { host: '127.0.0.1', port, handleSignals: false });
  },
  'bolt-node': async (port) => {
    const { BoltAPI } = await import('@bolt/core');
    const { nodeTransport } = await import('@bolt/core/node');
    const api = new BoltAPI();
    api.ws('/ws/echo', { message: (ws, data) => ws.send(data) });
    await nodeTransport.listen(api.compile(), { host: '127.0.0.1', port });
  },
  ws: async (port) => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port, path: '/ws/echo', perMessageDeflate: false });
    wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
    await new Promise((resolve) => wss.once('listening', resolve));
  },
  'uws-raw': async (port) => {
    const { loadNative } = await import(uwsDist.href);
    const { uws } = loadNative();
    await new Promise((resolve, reject) =>
      uws
        .App()
        .ws('/ws/echo', { message: (ws, data, isBinary) => ws.send(data, isBinary) })
        .listen('127.0.0.1', port, (s) => (s ? resolve() : reject(new Error('uws could not listen')))),
    );
  },
};

if (process.argv[2] === 'serve') {
  const [, , , name, port] = process.argv;
  await SERVERS[name](Number(port));
  process.send?.('ready');
} else {
  await main();
}

function startServer(name, port) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), 'serve', name, String(port)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before it listened`)));
  });
}

/** CPU seconds `pid` used so far, all threads (utime + stime from /proc, 100 ticks a second). */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Echo messages received per second over `seconds` after a one-second warm-up, and the server's CPU us per message. */
async function measure(port, pid, { conns, depth, seconds, size }) {
  const payload = 'x'.repeat(size);
  let counting = false;
  let count = 0;
  const sockets = await Promise.all(
    Array.from(
      { length: conns },
      () =>
        new Promise((resolve, reject) => {
          const ws = new WebSocket(`ws://127.0.0.1:${port}/ws/echo`, { perMessageDeflate: false });
          ws.on('message', () => {
            if (counting) count++;
            ws.send(payload);
          });
          ws.once('open', () => resolve(ws));
          ws.once('error', reject);
        }),
    ),
  );
  for (const ws of sockets) for (let i = 0; i < depth; i++) ws.send(payload);
  await sleep(1000);
  counting = true;
  const cpu = cpuSeconds(pid);
  const start = process.hrtime.bigint();
  await sleep(seconds * 1000);
  counting = false;
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  const used = cpuSeconds(pid) - cpu;
  for (const ws of sockets) ws.terminate();
  return { rate: count / elapsed, cpuUs: (used * 1e6) / count };
}

async function main() {
  const opts = {
    conns: env('CONNS', 50),
    depth: env('DEPTH', 1),
    seconds: env('DURATION', 5),
    size: env('SIZE', 32),
  };
  const rounds = env('ROUNDS', 3);
  const wanted = (process.env.TARGETS ?? 'bolt-rust,ws,uws-raw,bolt-node').split(',');
  const targets = wanted.filter((name) => {
    if (!SERVERS[name]) throw new Error(`unknown target ${name}; known: ${Object.keys(SERVERS).join(', ')}`);
    return name !== 'uws-raw' || existsSync(uwsDist);
  });
  const results = Object.fromEntries(targets.map((n) => [n, []]));
  const cpu = Object.fromEntries(targets.map((n) => [n, []]));
  let port = env('PORT', 9300);
  for (let round = 0; round < rounds; round++) {
    for (const name of targets) {
      const child = await startServer(name, ++port);
      try {
        const { rate, cpuUs } = await measure(port, child.pid, opts);
        results[name].push(rate);
        cpu[name].push(cpuUs);
        console.log(`round ${round + 1} ${name}: ${Math.round(rate)} msg/s, ${cpuUs.toFixed(1)} us CPU/msg`);
      } finally {
        child.kill('SIGKILL');
      }
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const baseName = results.ws ? 'ws' : targets[0];
  const base = median(results[baseName]);
  const baseCpu = median(cpu[baseName]);
  console.log(`\n${JSON.stringify(opts)}, ${rounds} rounds, medians (ratios to ${baseName}):`);
  console.log(`${'server'.padEnd(10)} ${'msg/s'.padStart(8)}  ratio  ${'us CPU/msg'.padStart(10)}  ratio`);
  for (const name of targets) {
    const m = median(results[name]);
    const c = median(cpu[name]);
    console.log(
      `${name.padEnd(10)} ${String(Math.round(m)).padStart(8)}  ${(m / base).toFixed(2)}x  ${c.toFixed(1).padStart(10)}  ${(c / baseCpu).toFixed(2)}x`,
    );
  }
}
