/**
 * A small wrk-driven benchmark runner: starts each target server in its own process, warms it up,
 * runs wrk against each endpoint, samples the server's RSS, and reports requests/s, p50/p99 and
 * ratios between targets measured in the same run. The repo-wide bench/ can import `runBench`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** The four endpoints of the issue, with their request bodies. */
export const ENDPOINTS = [
  { name: 'GET /', method: 'GET', path: '/' },
  { name: 'GET /items/1?q=hello', method: 'GET', path: '/items/1?q=hello' },
  { name: 'PUT /items/1', method: 'PUT', path: '/items/1', body: { name: 'Foo', price: 1.5, is_offer: true } },
  {
    name: 'POST /bench/parse',
    method: 'POST',
    path: '/bench/parse',
    body: {
      title: 'bench',
      count: 10,
      items: Array.from({ length: 10 }, (_, i) => ({ name: `item ${i}`, price: i + 0.5, is_offer: i % 2 === 0 })),
    },
  },
];

const here = (f) => fileURLToPath(new URL(f, import.meta.url));

/** Built-in targets: each a script under bench/servers that listens on PORT. */
export const TARGETS = {
  rust: { script: here('./servers/rust.mjs') },
  uws: { script: here('./servers/uws.mjs') },
  'uws-raw': { script: here('./servers/uws-raw.mjs') },
  fastify: { script: here('./servers/fastify.mjs') },
};

/** Writes the wrk Lua script that sends `endpoint`'s method and body; returns its path. */
export function luaFor(endpoint, dir) {
  const file = join(dir, `${endpoint.method}-${endpoint.path.replace(/\W+/g, '_')}.lua`);
  const body = endpoint.body ? JSON.stringify(JSON.stringify(endpoint.body)) : '';
  writeFileSync(
    file,
    endpoint.body
      ? `wrk.method = "${endpoint.method}"\nwrk.body = ${body}\nwrk.headers["Content-Type"] = "application/json"\n`
      : `wrk.method = "${endpoint.method}"\n`,
  );
  return file;
}

function toMs(text) {
  const m = /([\d.]+)(us|ms|s)/.exec(text);
  if (!m) return Number.NaN;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
}

/** Parses wrk's output (with --latency). */
export function parseWrk(out) {
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? Number.NaN);
  const p50 = toMs(/\s50%\s+(\S+)/.exec(out)?.[1] ?? '');
  const p99 = toMs(/\s99%\s+(\S+)/.exec(out)?.[1] ?? '');
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1];
  return { rps, p50, p99, non2xx: errors ? Number(errors) : 0 };
}

function treeRssKb(pid) {
  let total = 0;
  const visit = (p) => {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      for (const task of readdirSync(`/proc/${p}/task`)) {
        const kids = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        for (const k of kids ? kids.split(/\s+/) : []) visit(Number(k));
      }
    } catch {
      // The process ended between two reads.
    }
  };
  visit(pid);
  return total;
}

async function waitUp(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error(`${url} did not come up`);
}

function wrk(args) {
  return new Promise((resolve) => {
    const child = spawn('wrk', args);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('close', () => resolve(out));
  });
}

/**
 * Runs every target against every endpoint. All targets listen at once (idle ones cost nothing);
 * for each endpoint the targets take turns for `rounds` rounds and the best round counts, so a
 * burst of load from elsewhere on a shared machine hurts every target alike instead of one.
 * Options: `targets` (names of TARGETS), `duration` seconds per run (default 3), `rounds`
 * (default 3), `connections` (default 50), `threads` for wrk (default 1), `port` (first port,
 * default 8765), `env` extra environment for the servers.
 */
export async function runBench(opts = {}) {
  if (spawnSync('wrk', ['--version']).error) throw new Error('wrk is not installed (apt-get install wrk)');
  const dir = mkdtempSync(join(tmpdir(), 'bolt-bench-'));
  const duration = opts.duration ?? 3;
  const rounds = opts.rounds ?? 3;
  const connections = opts.connections ?? 50;
  const names = opts.targets ?? Object.keys(TARGETS);
  const servers = names.map((name, i) => {
    const port = (opts.port ?? 8765) + i;
    const child = spawn(process.execPath, [TARGETS[name].script], {
      env: { ...process.env, ...opts.env, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return { name, child, url: `http://127.0.0.1:${port}` };
  });
  const results = Object.fromEntries(names.map((n) => [n, {}]));
  try {
    for (const s of servers) {
      try {
        await waitUp(`${s.url}/`, 15_000);
        await wrk(['-t1', `-c${connections}`, '-d2s', `${s.url}/`]);
      } catch (err) {
        results[s.name] = { error: String(err) };
      }
    }
    const live = servers.filter((s) => !results[s.name].error);
    for (const ep of ENDPOINTS) {
      const script = luaFor(ep, dir);
      for (let round = 0; round < rounds; round++) {
        for (const s of live) {
          let peak = 0;
          const sampler = setInterval(() => {
            peak = Math.max(peak, treeRssKb(s.child.pid));
          }, 200);
          const out = await wrk([`-t${opts.threads ?? 1}`, `-c${connections}`, `-d${duration}s`, '--latency', '-s', script, `${s.url}${ep.path}`]);
          clearInterval(sampler);
          const r = { ...parseWrk(out), rssMb: Math.round(peak / 1024) };
          const best = results[s.name][ep.name];
          if (!best || r.rps > best.rps) results[s.name][ep.name] = r;
        }
      }
    }
  } finally {
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => (s.child.exitCode === null ? new Promise((r) => s.child.once('exit', r)) : null)));
  }
  return results;
}

/** A markdown table of `results`, with `subject`'s ratio to every other target per endpoint. */
export function formatResults(results, subject = 'rust') {
  const names = Object.keys(results);
  const lines = [
    `| endpoint | ${names.map((n) => `${n} req/s (p50/p99 ms, RSS MB)`).join(' | ')} | ${names
      .filter((n) => n !== subject)
      .map((n) => `${subject}/${n}`)
      .join(' | ')} |`,
    `|---|${names.map(() => '---').join('|')}|${names.filter((n) => n !== subject).map(() => '---').join('|')}|`,
  ];
  for (const ep of ENDPOINTS) {
    const cell = (n) => {
      const r = results[n]?.[ep.name];
      return r ? `${Math.round(r.rps)} (${r.p50.toFixed(2)}/${r.p99.toFixed(2)}, ${r.rssMb})${r.non2xx ? ` ${r.non2xx} non-2xx` : ''}` : 'n/a';
    };
    const ratio = (n) => {
      const a = results[subject]?.[ep.name]?.rps;
      const b = results[n]?.[ep.name]?.rps;
      return a && b ? `${(a / b).toFixed(2)}x` : 'n/a';
    };
    lines.push(`| ${ep.name} | ${names.map(cell).join(' | ')} | ${names.filter((n) => n !== subject).map(ratio).join(' | ')} |`);
  }
  return lines.join('\n');
}
