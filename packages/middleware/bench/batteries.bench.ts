/**
 * The cost of the batteries, with wrk (as bench/ uses): GET / bare vs with CORS + security headers +
 * the memory rate limiter, and /items100 compressed (br, gzip; sync vs libuv pool) on each engine.
 * Servers run in this process (pinned to CPU 0 by the caller), wrk on CPU 1. A report, not a test.
 *
 *   taskset -c 0 node --import tsx bench/batteries.bench.ts
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BoltAPI } from '@bolt/core';
import { ENGINES } from '../test/engines.js';
import { compress, cors, rateLimit, securityHeaders } from '../src/index.js';

const DURATION = process.env.DURATION ?? '3';
const ITEMS = Array.from({ length: 100 }, (_, i) => ({ name: `Item ${i}`, description: 'A thing', price: i + 0.5, tax: 1.2, tags: ['a', 'b'] }));

function bare() {
  return new BoltAPI().get('/', () => ({ Hello: 'World' })).get('/items100', () => ITEMS);
}
function batteries(mode: 'sync' | 'pool' = 'sync') {
  // sync (the default) and pool side by side.
  const api = new BoltAPI({
    plugins: [
      cors({ origins: ['http://localhost:3000'], credentials: true }),
      securityHeaders(),
      rateLimit({ limit: 1_000_000_000, windowMs: 60_000 }),
      compress({ mode }),
    ],
  });
  return api.get('/', () => ({ Hello: 'World' })).get('/items100', () => ITEMS);
}

const run = promisify(execFile);

// wrk runs as a child while this process serves: the call must not block the event loop.
async function wrk(url: string, headers: string[]): Promise<number> {
  const args = ['-c', '1', 'wrk', '-c64', '-t1', `-d${DURATION}s`, ...headers.flatMap((h) => ['-H', h]), url];
  const { stdout: out } = await run('taskset', args, { encoding: 'utf8' });
  return Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
}

const rows: string[] = [];
const only = process.env.ENGINES?.split(',');
for (const engine of ENGINES.filter((e) => !only || only.includes(e.name))) {
  const results: Record<string, number> = {};
  for (const [label, make] of [
    ['bare', bare],
    ['batteries', () => batteries('sync')],
    ['batteries-pool', () => batteries('pool')],
  ] as const) {
    const server = await engine.start(make());
    const origin = 'origin: http://localhost:3000';
    await wrk(`${server.url}/`, [origin]); // warm-up
    results[`${label} /`] = await wrk(`${server.url}/`, [origin]);
    if (label !== 'bare') {
      results[`${label} items100 br`] = await wrk(`${server.url}/items100`, ['accept-encoding: br']);
      results[`${label} items100 gzip`] = await wrk(`${server.url}/items100`, ['accept-encoding: gzip']);
    } else {
      results['bare items100 identity'] = await wrk(`${server.url}/items100`, []);
      // Without the plugin only the Rust engine compresses (natively, off the JS thread).
      if (engine.name === 'rust') {
        results['bare items100 br (Rust native)'] = await wrk(`${server.url}/items100`, ['accept-encoding: br']);
        results['bare items100 gzip (Rust native)'] = await wrk(`${server.url}/items100`, ['accept-encoding: gzip']);
      }
    }
    await server.close({ graceMs: 500 });
  }
  for (const [k, v] of Object.entries(results)) rows.push(`| ${engine.name} | ${k} | ${Math.round(v)} |`);
  rows.push(`| ${engine.name} | ratio batteries / bare (GET /) | ${(results['batteries /']! / results['bare /']!).toFixed(3)} |`);
}
console.log('| engine | row | req/s |\n|---|---|---|');
console.log(rows.join('\n'));
