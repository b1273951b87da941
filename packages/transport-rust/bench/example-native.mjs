// The example app on the Rust engine, its native forms on against every hook in JavaScript
// (`nativeForms: false`), in one run: wrk (1 thread, 32 connections, 3 s after a 1 s warm-up,
// 3 rounds interleaved, medians) per row, and the server process's CPU time per request from
// /proc. Needs a built example (pnpm turbo run build). Run: node bench/example-native.mjs
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const tmp = mkdtempSync(join(tmpdir(), 'bolt-example-native-'));
const cpu = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
};
async function start(port, mode) {
  const p = spawn('node', [new URL('./example-serve.mjs', import.meta.url).pathname, String(port), mode], {
    cwd: new URL('../../../apps/example/', import.meta.url).pathname, stdio: ['ignore', 'pipe', 'ignore'],
  });
  await new Promise((r) => p.stdout.on('data', (d) => String(d).includes('ready') && r()));
  return p;
}
const servers = { native: await start(9101, 'on'), js: await start(9102, 'off') };
const port = { native: 9101, js: 9102 };
const res = await fetch('http://127.0.0.1:9101/auth/token', {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":"alice","password":"wonderland"}',
});
const { access_token } = await res.json();
const rows = {
  'GET / (no auth)': ['/', []],
  'GET /auth/me valid token': ['/auth/me', [`Authorization: Bearer ${access_token}`]],
  'GET /auth/me no token (401)': ['/auth/me', []],
  'GET /auth/me bad signature (401)': ['/auth/me', [`Authorization: Bearer ${access_token.slice(0, -3)}AAA`]],
  'OPTIONS preflight': ['/auth/me', ['Origin: http://localhost:3000', 'Access-Control-Request-Method: GET'], 'OPTIONS'],
};
const out = {};
const luaFor = (method) => method ? `${tmp}/${method}.lua` : undefined;
execFileSync('sh', ['-c', `echo 'wrk.method = "OPTIONS"' > ${tmp}/OPTIONS.lua`]);
for (let round = 0; round < 3; round++) {
  for (const [name, [path, headers, method]] of Object.entries(rows)) {
    for (const which of ['native', 'js']) {
      const args = ['-t1', '-c32', '-d3s', ...headers.flatMap((h) => ['-H', h])];
      if (method) args.push('-s', luaFor(method));
      args.push(`http://127.0.0.1:${port[which]}${path}`);
      execFileSync('wrk', ['-t1', '-c32', '-d1s', ...args.slice(3)]); // warm-up
      const before = cpu(servers[which].pid);
      const text = execFileSync('wrk', args, { encoding: 'utf8' });
      const used = cpu(servers[which].pid) - before;
      const total = Number(/(\d+) requests in/.exec(text)[1]);
      const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(text)[1]);
      const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? 0);
      ((out[name] ??= {})[which] ??= []).push({ rps, us: (used * 1e6) / total, non2xx });
    }
  }
}
const med = (a) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
console.log('| row | native req/s | JS req/s | ratio | native CPU µs/req | JS CPU µs/req | ratio |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const [name, v] of Object.entries(out)) {
  const n = med(v.native.map((x) => x.rps)), j = med(v.js.map((x) => x.rps));
  const nu = med(v.native.map((x) => x.us)), ju = med(v.js.map((x) => x.us));
  console.log(`| ${name} | ${n.toFixed(0)} | ${j.toFixed(0)} | ${(n / j).toFixed(2)} | ${nu.toFixed(1)} | ${ju.toFixed(1)} | ${(nu / ju).toFixed(2)} |`);
}
for (const p of Object.values(servers)) p.kill('SIGKILL');
