/**
 * Router micro-benchmark: match cost with 10 routes vs 1,000 routes, for a static path and a
 * dynamic one. The router's cost should not grow with the number of routes (ratio near 1.0).
 * Run: pnpm --filter @bolt/core bench
 */
import { parsePathPattern } from '../src/router/path-pattern.js';
import { Router } from '../src/router/router.js';

function buildRouter(count: number): Router<number> {
  const router = new Router<number>();
  for (let i = 0; i < count; i++) {
    router.add('GET', parsePathPattern(`/static/${i}/list`), i);
    router.add('GET', parsePathPattern(`/r${i}/{id}/items/{item_id}`), i);
  }
  return router;
}

function nsPerMatch(router: Router<number>, path: string, iterations: number): number {
  let sink = 0;
  for (let i = 0; i < 10_000; i++) sink += router.match('GET', path).kind.length; // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) sink += router.match('GET', path).kind.length;
  const elapsed = Number(process.hrtime.bigint() - start);
  if (sink === -1) console.log(sink);
  return elapsed / iterations;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const iterations = 1_000_000;
const small = buildRouter(10);
const large = buildRouter(1000);
const rows: [string, string, string][] = [
  ['static', '/static/5/list', '/static/5/list'],
  ['dynamic', '/r5/42/items/7', '/r5/42/items/7'],
  ['dynamic (last added)', '/r9/42/items/7', '/r999/42/items/7'],
  ['not found', '/nothing/here', '/nothing/here'],
];
console.log('router match cost, median of 5 runs of 1e6 matches (ns/match)');
console.log('| path | 10 routes | 1,000 routes | 1,000 / 10 |');
console.log('|---|---|---|---|');
for (const [name, pathSmall, pathLarge] of rows) {
  const a = median(Array.from({ length: 5 }, () => nsPerMatch(small, pathSmall, iterations)));
  const b = median(Array.from({ length: 5 }, () => nsPerMatch(large, pathLarge, iterations)));
  console.log(`| ${name} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${(b / a).toFixed(2)}x |`);
}
