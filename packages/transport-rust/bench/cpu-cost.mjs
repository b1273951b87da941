// CPU time per request, per server thread: robust where wall-clock req/s is not (a shared
// machine). Usage: node bench/cpu-cost.mjs [target] [path] — runs wrk 4 s against the target and
// divides each thread's CPU time (from /proc) by the requests wrk completed.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENDPOINTS, luaFor, parseWrk, TARGETS } from './runner.mjs';

const [name = 'rust', path = '/', header] = process.argv.slice(2);
const port = 8799;
const server = spawn(process.execPath, [TARGETS[name].script], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
const ticks = 100; // USER_HZ
const threads = () => {
  const out = new Map();
  for (const tid of readdirSync(`/proc/${server.pid}/task`)) {
    const stat = readFileSync(`/proc/${server.pid}/task/${tid}/stat`, 'utf8');
    const comm = /\(([^)]*)\)/.exec(stat)?.[1] ?? '?';
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(tid, { comm, cpu: (Number(fields[11]) + Number(fields[12])) / ticks });
  }
  return out;
};
const wrk = (secs) =>
  new Promise((resolve) => {
    // A path naming a bench endpoint with a body (PUT /items/1, POST /bench/parse) sends that body.
    const ep = ENDPOINTS.find((e) => e.body && e.path === path);
    const script = ep ? ['-s', luaFor(ep, mkdtempSync(join(tmpdir(), 'bolt-cpu-')))] : [];
    const extra = [...(header ? ['-H', header] : []), ...script];
    const c = spawn('wrk', ['-t1', '-c50', `-d${secs}s`, '--latency', ...extra, `http://127.0.0.1:${port}${path}`]);
    let out = '';
    c.stdout.on('data', (d) => {
      out += d;
    });
    c.on('close', () => resolve(out));
  });
await sleep(1500);
await wrk(2);
const before = threads();
const out = await wrk(4);
const after = threads();
const { rps } = parseWrk(out);
const requests = rps * 4;
let total = 0;
for (const [tid, a] of after) {
  const used = a.cpu - (before.get(tid)?.cpu ?? 0);
  total += used;
  if (used > 0.01) console.log(`${a.comm.padEnd(16)} ${((used / requests) * 1e6).toFixed(2)} us/request`);
}
console.log(`total            ${((total / requests) * 1e6).toFixed(2)} us/request at ${Math.round(rps)} req/s`);
server.kill('SIGTERM');
