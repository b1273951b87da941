/**
 * WebSocket echo, messages/s: Bolt on uWS against raw uWS `app.ws`, the `ws` package and Bolt on
 * node:http, in one run. Each server runs in its own process (pinned to CPU 0 when taskset exists);
 * this process is the client, on CPU 1: N connections, each sending one 64-byte text message and
 * waiting for its echo before the next (ping-pong, no pipelining), for `SECONDS` per round, servers
 * interleaved over `ROUNDS` rounds so drift on a shared machine hits all alike. 127.0.0.1 only.
 *
 *   node bench/ws-echo.bench.mjs            # CONNECTIONS=32 SECONDS=5 ROUNDS=2 by default
 *   PIN=0 SERVERS=bolt-uws,uws-raw node bench/ws-echo.bench.mjs   # no CPU pinning, two servers
 *
 * The client speaks the protocol on raw TCP (one pre-masked frame, echoes counted by their known
 * length) so that it costs far less per message than any server measured.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import net from 'node:net';

const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
const SECONDS = Number(process.env.SECONDS ?? 5);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const SERVERS = (process.env.SERVERS ?? 'bolt-uws,uws-raw,ws,bolt-node').split(',');
const PAYLOAD = Buffer.alloc(64, 'x');

const hasTaskset = (() => {
  if (process.env.PIN === '0') return false;
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (hasTaskset) execFileSync('taskset', ['-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });

/** One masked client text frame (payload < 126 bytes) and the length of its unmasked echo. */
const mask = Buffer.from([1, 2, 3, 4]);
const FRAME = Buffer.concat([
  Buffer.from([0x81, 0x80 | PAYLOAD.length]),
  mask,
  Buffer.from(PAYLOAD.map((b, i) => b ^ mask[i % 4])),
]);
const ECHO = 2 + PAYLOAD.length;

async function startServer(name) {
  const script = new URL('./servers/ws-echo-servers.mjs', import.meta.url).pathname;
  const [cmd, args] = hasTaskset ? ['taskset', ['-c', '0', 'node', script, name]] : ['node', [script, name]];
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  for await (const chunk of child.stdout) {
    out += chunk;
    const m = /ready (\d+)/.exec(out);
    if (m) return { child, port: Number(m[1]) };
  }
  throw new Error(`${name} exited before it was ready`);
}

/** Opens one WebSocket on raw TCP; resolves once the 101 arrived. */
function connect(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    let head = Buffer.alloc(0);
    const onData = (d) => {
      head = Buffer.concat([head, d]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      socket.off('data', onData);
      if (!head.subarray(0, 12).toString().includes('101')) reject(new Error(`refused: ${head.toString()}`));
      else resolve(socket);
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write(
      'GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
  });
}

/** CPU seconds (user + system) a process has used, from /proc (clock ticks of 10 ms). */
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Ping-pong on every connection for `seconds`; resolves with echoes per second and the server's
 * CPU time per echo (the steadier figure on a shared, loaded machine: it does not count time the
 * server spent waiting for a core).
 */
async function measure(port, pid, seconds) {
  const sockets = await Promise.all(Array.from({ length: CONNECTIONS }, () => connect(port)));
  let count = 0;
  let running = true;
  for (const socket of sockets) {
    let pending = 0;
    socket.on('data', (d) => {
      pending += d.length;
      while (pending >= ECHO) {
        pending -= ECHO;
        count++;
        if (running) socket.write(FRAME);
      }
    });
    socket.write(FRAME);
  }
  // Warm-up, then the measured window.
  await new Promise((r) => setTimeout(r, 500));
  const start = count;
  const cpu0 = cpuSeconds(pid);
  const t0 = process.hrtime.bigint();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const n = count - start;
  const cpu = cpuSeconds(pid) - cpu0;
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  running = false;
  for (const s of sockets) s.destroy();
  return { rate: n / elapsed, cpuUs: (cpu * 1e6) / n };
}

const results = Object.fromEntries(SERVERS.map((s) => [s, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const name of SERVERS) {
    const { child, port } = await startServer(name);
    try {
      results[name].push(await measure(port, child.pid, SECONDS));
    } finally {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  }
}

const best = Object.fromEntries(SERVERS.map((s) => [s, Math.max(...results[s].map((r) => r.rate))]));
const cpu = Object.fromEntries(SERVERS.map((s) => [s, Math.min(...results[s].map((r) => r.cpuUs))]));
const base = 'uws-raw';
console.log(
  `WebSocket echo, ${CONNECTIONS} connections ping-pong, 64-byte text, ${SECONDS} s x ${ROUNDS} rounds` +
    ' (best msg/s; least server CPU per message)',
);
for (const name of SERVERS) {
  const vs = best[base] ? ` ${((best[name] / best[base]) * 100).toFixed(0)}% of ${base}` : '';
  const cpuVs = cpu[base] ? ` (${(cpu[name] / cpu[base]).toFixed(2)}x ${base})` : '';
  const runs = results[name].map((r) => Math.round(r.rate)).join(', ');
  console.log(
    `${name.padEnd(10)} ${Math.round(best[name]).toString().padStart(8)} msg/s${vs};` +
      ` ${cpu[name].toFixed(1)} us CPU/msg${cpuVs}; runs: ${runs}`,
  );
}
console.log(`BOLTJSON ${JSON.stringify({ connections: CONNECTIONS, seconds: SECONDS, rounds: ROUNDS, results })}`);
