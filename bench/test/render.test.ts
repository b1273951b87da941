/** BENCHMARK.md and the SVG chart from a fixed set of results; the median and ratio arithmetic. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { benchCommand } from '../src/bench-command.js';
import { renderChart } from '../src/render-chart.js';
import { ratio, renderMarkdown } from '../src/render-markdown.js';
import type { BenchResults, RowResult, RunFigures } from '../src/results.js';
import { spread } from '../src/stats.js';

const run = (rps: number): RunFigures => ({
  rps,
  p50Ms: 1,
  p90Ms: 2,
  p99Ms: 3,
  maxMs: 4,
  requests: rps * 8,
  non2xx: 0,
  socketErrors: 0,
  peakRssMb: 80,
  cpuPercent: 95,
  cpuUsPerRequest: 12.5,
});

const row = (endpoint: string, contender: string, rates: number[]): RowResult => {
  const runs = rates.map(run);
  const s = (pick: (r: RunFigures) => number) => spread(runs.map(pick));
  return {
    endpoint,
    contender,
    status: 'ok',
    connections: 64,
    runs,
    summary: {
      rps: s((r) => r.rps),
      p50Ms: s((r) => r.p50Ms),
      p99Ms: s((r) => r.p99Ms),
      peakRssMb: s((r) => r.peakRssMb),
      cpuPercent: s((r) => r.cpuPercent),
      cpuUsPerRequest: s((r) => r.cpuUsPerRequest),
    },
  };
};

const results: BenchResults = {
  startedAt: '2026-11-26T08:20:00.000Z',
  finishedAt: '2026-11-26T08:40:00.000Z',
  command: 'bolt-bench --save',
  machine: {
    cpuModel: 'Test CPU',
    cores: 2,
    memoryGb: 4,
    os: 'linux',
    node: 'v20.20.2',
    wrk: 'wrk 4.1.0',
    bun: 'Bun 1.4.5',
    packages: { fastify: '5.6.1', hono: '4.9.0' },
  },
  settings: {
    connections: 64,
    slowConnections: 512,
    threads: 1,
    durationS: 8,
    warmupS: 5,
    runs: 3,
    processes: 1,
    pin: true,
    workers: 1,
  },
  endpoints: [
    { id: 'root', title: 'GET /', group: 'table' },
    { id: 'payload-out-1k', title: 'GET /payload/1 <1 KB>', group: 'scaling' },
  ],
  contenders: [
    { id: 'bolt-uws', label: 'Bolt (uWS)', bolt: true, multiCore: true },
    { id: 'uws-raw', label: 'raw uWS', bolt: false, multiCore: false },
    { id: 'fastify', label: 'Fastify 5 + TypeBox', bolt: false, multiCore: false },
    { id: 'elysia-bun', label: 'Elysia (Bun)', bolt: false, multiCore: false },
  ],
  rows: [
    row('root', 'bolt-uws', [50_000, 60_000, 55_000]),
    row('root', 'uws-raw', [66_000, 64_000, 65_000]),
    row('root', 'fastify', [22_000, 20_000, 21_000]),
    {
      endpoint: 'root',
      contender: 'elysia-bun',
      status: 'skipped',
      reason: 'no Bun | here',
      connections: 64,
      runs: [],
    },
    row('payload-out-1k', 'bolt-uws', [30_000]),
    row('payload-out-1k', 'fastify', [15_000]),
  ],
};

t.test('spread: median of odd and even counts, min, max', async (t) => {
  t.same(spread([3, 1, 2]), { median: 2, min: 1, max: 3 });
  t.same(spread([4, 1, 3, 2]), { median: 2.5, min: 1, max: 4 });
  t.throws(() => spread([]));
});

t.test('ratios divide medians; a missing side gives no ratio', async (t) => {
  t.equal(ratio(results, 'root', 'bolt-uws', 'uws-raw'), 55_000 / 65_000);
  t.equal(ratio(results, 'root', 'bolt-uws', 'fastify'), 55_000 / 21_000);
  t.equal(ratio(results, 'root', 'bolt-uws', 'elysia-bun'), undefined);
});

t.test("CPU ratios divide the peer's CPU time per request by Bolt's", async (t) => {
  const cheap = row('root', 'bolt-uws', [50_000, 60_000, 55_000]);
  for (const r of cheap.runs) r.cpuUsPerRequest = 5;
  const withCpu = { ...results, rows: [cheap, row('root', 'fastify', [20_000, 20_000, 20_000])] };
  t.equal(ratio(withCpu, 'root', 'bolt-uws', 'fastify', 'cpu'), 2.5);
  t.match(renderMarkdown(withCpu), /### By CPU time per request[\s\S]*\| GET \/ \| 2\.50x \|/);
});

t.test('CPU per request: all threads, and the JS side alone where a native engine runs', async (t) => {
  const rust = row('root', 'bolt-rust', [40_000, 40_000, 40_000]);
  for (const r of rust.runs) {
    r.cpuUsPerRequest = 9.5;
    r.jsCpuUsPerRequest = 1.75;
  }
  rust.summary!.cpuUsPerRequest = spread(rust.runs.map((r) => r.cpuUsPerRequest));
  rust.summary!.jsCpuUsPerRequest = spread(rust.runs.map((r) => r.jsCpuUsPerRequest!));
  const uws = row('root', 'bolt-uws', [50_000]);
  uws.summary!.jsCpuUsPerRequest = uws.summary!.cpuUsPerRequest;
  const withRust = {
    ...results,
    contenders: [
      ...results.contenders,
      { id: 'bolt-rust', label: 'Bolt (Rust)', bolt: true, multiCore: true },
    ],
    rows: [uws, rust],
  };
  const md = renderMarkdown(withRust);
  t.match(md, /## CPU time per request \(µs, median\)[\s\S]*\| GET \/ \| 12\.5 \| 9\.5 \(JS 1\.8\) \|/);
  t.match(md, '| Bolt (Rust) | 40,000 | 40,000–40,000 | 1.00 | 3.00 | 80 | 95 | 9.5 | 1.8 | 0 |');
});

t.test('a ratio is the median of the within-run ratios, not the ratio of the medians', async (t) => {
  const noisy = {
    ...results,
    rows: [row('root', 'bolt-uws', [10, 20, 30]), row('root', 'fastify', [10, 40, 15])],
  };
  t.equal(ratio(noisy, 'root', 'bolt-uws', 'fastify'), 1); // runs: 1, 0.5, 2; medians would give 20/15
  const uneven = { ...results, rows: [row('root', 'bolt-uws', [10, 20, 30]), row('root', 'fastify', [10])] };
  t.equal(ratio(uneven, 'root', 'bolt-uws', 'fastify'), 2);
});

t.test('BENCHMARK.md: machine, command, medians, ratio columns, detail, not-measured reasons', async (t) => {
  const md = renderMarkdown(results);
  t.match(md, 'Test CPU, 2 cores');
  t.match(md, 'Node v20.20.2, Bun 1.4.5 (Elysia)');
  t.match(md, '- **Packages:** fastify 5.6.1, hono 4.9.0');
  t.match(md, '`bolt-bench --save`');
  t.match(md, '| GET / | 55,000 | 65,000 | 21,000 | skipped |');
  t.match(md, '| Bolt (uWS) / raw uWS | Bolt (uWS) / Fastify |');
  t.match(md, '| GET / | 0.85x | 2.62x |');
  t.match(md, '| Bolt (uWS) | 55,000 | 50,000–60,000 | 1.00 | 3.00 | 80 | 95 | 12.5 | 12.5 | 0 |');
  t.match(md, '| root | elysia-bun | skipped | no Bun \\| here |');
  t.match(md, '## Scaling: payload size and route count');
  t.match(md, '![requests/s per endpoint and contender](benchmark.svg)');
});

t.test('the compressed rows come with a note saying which row measures what', async (t) => {
  t.notMatch(renderMarkdown(results), 'Compressed rows');
  const withBr: BenchResults = {
    ...results,
    endpoints: [...results.endpoints, { id: 'items100-br', title: 'GET /items100 (br)', group: 'table' }],
  };
  const md = renderMarkdown(withBr);
  t.match(md, '**Compressed rows.**');
  t.match(md, 'native/src/compress.rs');
});

t.test('the chart has one bar per measured row, a note per other row, and escapes text', async (t) => {
  const svg = renderChart(results);
  t.equal(svg.match(/<rect x=/g)?.length, 5);
  t.match(svg, '>skipped<');
  t.match(svg, 'GET /payload/1 &lt;1 KB&gt;');
  t.match(svg, '>55,000<');
  t.notMatch(svg, /<1 KB>/);
});

t.test('benchCommand --render rewrites BENCHMARK.md and the chart from a results JSON', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bolt-bench-render-'));
  const file = join(dir, 'run.json');
  writeFileSync(file, JSON.stringify(results));
  const outcome = await benchCommand(['--render', file, '--out', dir], () => {});
  t.same(outcome?.saved, {
    json: file,
    markdown: join(dir, 'BENCHMARK.md'),
    chart: join(dir, 'benchmark.svg'),
  });
  t.equal(readFileSync(join(dir, 'BENCHMARK.md'), 'utf8'), renderMarkdown(results));
  t.equal(readFileSync(join(dir, 'benchmark.svg'), 'utf8'), renderChart(results));
});

t.test(
  'the cost rows: batteries against none per engine, /auth/me against /, native against JS',
  async (t) => {
    t.notMatch(renderMarkdown(results), 'Cost of the batteries');
    const cost: BenchResults = {
      ...results,
      endpoints: [
        { id: 'cost-root', title: 'GET / (batteries)', group: 'cost' },
        { id: 'cost-auth-me', title: 'GET /auth/me', group: 'cost' },
        { id: 'cost-auth-refused', title: 'GET /auth/me (401)', group: 'cost', expectStatus: 401 },
      ],
      contenders: [
        { id: 'bolt-uws', label: 'Bolt (uWS)', bolt: true, multiCore: true },
        { id: 'bolt-uws-bare', label: 'Bolt (uWS, no batteries)', bolt: true, multiCore: true },
        { id: 'bolt-rust', label: 'Bolt (Rust)', bolt: true, multiCore: true },
        { id: 'bolt-rust-js', label: 'Bolt (Rust, native forms off)', bolt: true, multiCore: true },
      ],
      rows: [
        row('cost-root', 'bolt-uws', [90_000, 80_000, 100_000]),
        row('cost-root', 'bolt-uws-bare', [100_000, 100_000, 100_000]),
        row('cost-auth-me', 'bolt-uws', [45_000, 45_000, 45_000]),
        row('cost-auth-me', 'bolt-rust', [60_000, 60_000, 60_000]),
        row('cost-auth-me', 'bolt-rust-js', [30_000, 30_000, 30_000]),
        { ...row('cost-auth-refused', 'bolt-rust', [70_000]), runs: [{ ...run(70_000), non2xx: 560_000 }] },
      ],
    };
    const md = renderMarkdown(cost);
    t.match(md, '## Cost of the batteries and auth (Bolt against itself)');
    // Within-run ratios 0.9, 0.8, 1.0: median 0.90; /auth/me against / divides the medians (45k / 90k).
    t.match(md, '| uWS | 0.90x | 1.00x | 0.50x | 1.00x |  |');
    t.match(md, '| GET /auth/me | 2.00x | 1.00x |');
    t.match(md, '| GET /auth/me (401) |  |  | 70,000 |  |', 'a refusal row is not flagged for its 401s');
    t.notMatch(md, '| Bolt (uWS, no batteries) / raw uWS', 'cost-only variants get no peer ratio columns');
  },
);
