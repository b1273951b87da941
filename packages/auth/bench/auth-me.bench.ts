/**
 * GET /auth/me (and with cacheSize) against GET / on each engine, in one run: every server is started (pinned to CPU 0),
 * then the runs rotate through engine x endpoint RUNS times (wrk on CPU 1, the Authorization
 * header set from a Lua script), so the machine's noise falls on all alike. Prints a table of
 * medians. Knobs: DURATION (s, 5), RUNS (3), C (64).
 *
 *   node --import tsx packages/auth/bench/auth-me.bench.ts
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aliceToken } from './app.js';

const DURATION = Number(process.env.DURATION ?? 5);
const RUNS = Number(process.env.RUNS ?? 3);
const C = Number(process.env.C ?? 64);
const ENGINES = ['node', 'uws', 'rust'] as const;
// wrk comes from Debian's package (`make test` installs it); this package does not depend on bench/
// (bench depends on the example, which depends on this package).
const wrk = 'wrk';
if (spawnSync(wrk, ['--version']).error) throw new Error('wrk is not installed: apt-get install wrk (or run make test once)');
const dir = mkdtempSync(join(tmpdir(), 'auth-bench-'));
const MARK = 'AUTH_BENCH ';

function luaScript(authorization: string | undefined): string {
  const file = join(dir, `${authorization ? 'auth' : 'open'}.lua`);
  writeFileSync(
    file,
    `${authorization ? `wrk.headers["Authorization"] = ${JSON.stringify(authorization)}\n` : ''}` +
      `done = function(s, l) io.write(string.format('${MARK}{"requests":%d,"us":%d,"non2xx":%d,"errors":%d,"p50":%d,"p99":%d}\\n',` +
      ` s.requests, s.duration, s.errors.status, s.errors.connect + s.errors.read + s.errors.write + s.errors.timeout, l:percentile(50), l:percentile(99))) end\n`,
  );
  return file;
}

async function start(engine: string, port: number): Promise<ChildProcess> {
  const child = spawn('taskset', ['-c', '0', process.execPath, '--import', 'tsx', new URL('./server.ts', import.meta.url).pathname], {
    env: { ...process.env, ENGINE: engine, PORT: String(port), BOLT_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`${engine} exited ${code}`)));
  });
  return child;
}

const token = await aliceToken();
const servers = new Map<string, { child: ChildProcess; url: string }>();
for (const [i, engine] of ENGINES.entries()) {
  const port = 18900 + i;
  // Fixed ports below the ephemeral range; the run fails loudly if one is taken.
  servers.set(engine, { child: await start(engine, port), url: `http://127.0.0.1:${port}` });
  const me = await fetch(`http://127.0.0.1:${port}/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await me.json()) as { username?: string };
  if (me.status !== 200 || body.username !== 'alice') throw new Error(`${engine}: /auth/me answered ${me.status}`);
  if ((await fetch(`http://127.0.0.1:${port}/auth/me`)).status !== 401) throw new Error(`${engine}: no 401`);
}

const rows = [
  { id: 'GET /', path: '/', script: luaScript(undefined) },
  { id: 'GET /auth/me', path: '/auth/me', script: luaScript(`Bearer ${token}`) },
  { id: 'GET /auth/me (cacheSize)', path: '/auth/me-cached', script: luaScript(`Bearer ${token}`) },
];
const figures = new Map<string, { rps: number; p50: number; p99: number }[]>();
const runOnce = (url: string, script: string, seconds: number) => {
  const out = spawnSync('taskset', ['-c', '1', wrk, '-t1', `-c${C}`, `-d${seconds}s`, '-s', script, url], { encoding: 'utf8' });
  const line = out.stdout.split('\n').find((l) => l.startsWith(MARK));
  if (!line) throw new Error(`wrk printed no result: ${out.stdout}${out.stderr}`);
  const r = JSON.parse(line.slice(MARK.length));
  if (r.non2xx + r.errors > r.requests / 100) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests / (r.us / 1e6), p50: r.p50 / 1000, p99: r.p99 / 1000 };
};
for (const { url } of servers.values()) for (const row of rows) runOnce(url + row.path, row.script, 2); // warm-up
for (let run = 1; run <= RUNS; run++) {
  for (const engine of ENGINES) {
    for (const row of rows) {
      const key = `${engine} ${row.id}`;
      const got = runOnce((servers.get(engine)?.url ?? '') + row.path, row.script, DURATION);
      figures.set(key, [...(figures.get(key) ?? []), got]);
      console.error(`run ${run}/${RUNS} ${key}: ${Math.round(got.rps)} req/s`);
    }
  }
}
for (const { child } of servers.values()) child.kill('SIGTERM');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
console.log(`| engine | row | req/s (median of ${RUNS}) | vs GET / | p50 ms | p99 ms |`);
console.log('|---|---|---|---|---|---|');
for (const engine of ENGINES) {
  const open = figures.get(`${engine} GET /`) ?? [];
  for (const row of rows) {
    const runs = figures.get(`${engine} ${row.id}`) ?? [];
    const ratio = median(open.map((o, i) => (runs[i]?.rps ?? 0) / o.rps));
    console.log(
      `| ${engine} | ${row.id} | ${Math.round(median(runs.map((f) => f.rps)))} | ${(ratio * 100).toFixed(0)}% | ` +
        `${median(runs.map((f) => f.p50)).toFixed(2)} | ${median(runs.map((f) => f.p99)).toFixed(2)} |`,
    );
  }
}
