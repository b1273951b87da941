/**
 * Reusable load runner: wrk (Debian's package) driven with a Lua script that prints one JSON line,
 * plus RSS sampling of a process tree from /proc. Meant to move to bench/ and serve every table.
 *
 *   import { runWrk, sampleRss } from './wrk.mjs';
 *   const stop = sampleRss(pid); const r = await runWrk({ url, connections: 64, seconds: 5 });
 *   const rss = stop(); // { maxKiB }
 */
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPORT = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BOLTJSON {"requests":%d,"duration_us":%d,"errors":%d,"non2xx":%d,"p50_us":%d,"p99_us":%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
`;

/** True when wrk is on PATH. */
export function hasWrk() {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk --version exits 1 after printing its banner
    return error.status === 1;
  }
}

/**
 * Runs wrk against `url` and resolves with requests/s, latency percentiles (ms) and error counts.
 * @param {{ url: string, method?: string, body?: string, headers?: Record<string,string>,
 *   connections?: number, threads?: number, seconds?: number, cpu?: string }} options
 *   `cpu` pins wrk with taskset (e.g. '1') so the server keeps its own core.
 */
export function runWrk(options) {
  const { url, method = 'GET', body, headers = {}, connections = 64, threads = 1, seconds = 5, cpu } = options;
  const lines = [`wrk.method = ${JSON.stringify(method)}`];
  if (body !== undefined) lines.push(`wrk.body = ${JSON.stringify(body)}`);
  for (const [k, v] of Object.entries(headers)) lines.push(`wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`);
  const script = join(tmpdir(), `bolt-wrk-${process.pid}-${Date.now()}.lua`);
  writeFileSync(script, `${lines.join('\n')}\n${REPORT}`);
  const args = ['-t', String(threads), '-c', String(connections), '-d', `${seconds}s`, '-s', script, url];
  const [cmd, argv] = cpu ? ['taskset', ['-c', cpu, 'wrk', ...args]] : ['wrk', args];
  return new Promise((resolve, reject) => {
    execFile(cmd, argv, { timeout: (seconds + 30) * 1000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`wrk failed: ${error.message}\n${stderr}`));
      const line = stdout.split('\n').find((l) => l.startsWith('BOLTJSON '));
      if (!line) return reject(new Error(`wrk printed no report:\n${stdout}`));
      const r = JSON.parse(line.slice(9));
      resolve({
        rps: r.requests / (r.duration_us / 1e6),
        p50Ms: r.p50_us / 1000,
        p99Ms: r.p99_us / 1000,
        requests: r.requests,
        errors: r.errors,
        non2xx: r.non2xx,
      });
    });
  });
}

/** Pids of `pid` and all its descendants (processes; threads share the process's RSS). */
export function processTree(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {}
  }
  const out = [];
  const walk = (p) => {
    out.push(p);
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return out;
}

/** RSS of a process tree in KiB, summed. */
export function treeRssKiB(pid) {
  let total = 0;
  for (const p of processTree(pid)) {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) total += Number(m[1]);
    } catch {}
  }
  return total;
}

/** Samples the tree's RSS every `everyMs` until the returned function is called; it returns the peak. */
export function sampleRss(pid, everyMs = 200) {
  let maxKiB = treeRssKiB(pid);
  const timer = setInterval(() => {
    maxKiB = Math.max(maxKiB, treeRssKiB(pid));
  }, everyMs);
  return () => {
    clearInterval(timer);
    return { maxKiB: Math.max(maxKiB, treeRssKiB(pid)) };
  };
}

/**
 * CPU time (user + system) used so far by a process tree, in ms. On a shared, noisy machine the CPU
 * cost per request is steadier than requests/s: other processes steal wall time, not CPU time.
 */
export function treeCpuMs(pid) {
  let ticks = 0;
  for (const p of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {}
  }
  return (ticks * 1000) / CLOCK_TICKS;
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();
