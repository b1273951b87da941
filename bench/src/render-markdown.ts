/** BENCHMARK.md from a run's results: headline matrix, ratios, per-row detail, skipped rows, setup. */
import type { EndpointGroup } from './endpoints.js';
import { formatMs, formatRatio, formatRps } from './format.js';
import { costSection } from './render-cost.js';
import type { BenchResults, RowResult, RunFigures } from './results.js';
import { spread } from './stats.js';

/** Peers the Bolt transports are divided by in the ratio table. */
export const RATIO_BASES = [
  { id: 'uws-raw', label: 'raw uWS' },
  { id: 'fastify', label: 'Fastify' },
  { id: 'elysia-bun', label: 'Elysia/Bun' },
] as const;

function measured(results: BenchResults, endpoint: string, contender: string): RowResult | undefined {
  const row = results.rows.find((r) => r.endpoint === endpoint && r.contender === contender);
  return row?.status === 'ok' && row.summary ? row : undefined;
}

/** Median requests/s of a row, or undefined when it was not measured. */
export function medianRps(results: BenchResults, endpoint: string, contender: string): number | undefined {
  return measured(results, endpoint, contender)?.summary?.rps.median;
}

/** Which figure a ratio compares: throughput (Bolt / peer) or CPU cost (peer / Bolt). */
export type RatioKind = 'rps' | 'cpu';

/**
 * Bolt transport against a peer on one endpoint, > 1 when Bolt does better: requests/s Bolt / peer
 * (`rps`), or CPU time per request peer / Bolt (`cpu`). The median over runs of the ratio within
 * each run (run i of both was measured seconds apart, under the same noise); the ratio of medians
 * when the run counts differ. Undefined when either side was not measured.
 */
export function ratio(
  results: BenchResults,
  endpoint: string,
  bolt: string,
  peer: string,
  kind: RatioKind = 'rps',
): number | undefined {
  const a = measured(results, endpoint, bolt);
  const b = measured(results, endpoint, peer);
  if (!a || !b) return undefined;
  const of = (r: RunFigures) => (kind === 'rps' ? r.rps : r.cpuUsPerRequest);
  const divide = (bolt: number, other: number) => (kind === 'rps' ? bolt / other : other / bolt);
  if (a.runs.length === b.runs.length && [...a.runs, ...b.runs].every((r) => of(r) > 0)) {
    return spread(a.runs.map((r, i) => divide(of(r), of(b.runs[i]!)))).median;
  }
  const median = (row: RowResult) =>
    kind === 'rps' ? row.summary!.rps.median : row.summary!.cpuUsPerRequest.median;
  return median(b) > 0 && median(a) > 0 ? divide(median(a), median(b)) : undefined;
}

const cell = (row: RowResult | undefined, refusals = false) => {
  if (!row) return '';
  if (row.status !== 'ok' || !row.summary) return row.status;
  const flag = row.runs.some((r) => (!refusals && r.non2xx > 0) || r.socketErrors > 0) ? ' (!)' : '';
  return formatRps(row.summary.rps.median) + flag;
};

/** A Markdown table; the first column (every column with `text`) left-aligned, the others right. */
export function table(header: string[], lines: string[][], text = false): string {
  const out = [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 || text ? '---' : '---:')).join('|')}|`,
  ];
  for (const line of lines) out.push(`| ${line.join(' | ')} |`);
  return out.join('\n');
}

/**
 * CPU time per request, all threads (median); for a server with a native engine (its JS side
 * measurably cheaper than the whole) also the JS side alone: `45.2 (JS 12.1)`.
 */
function cpuCell(row: RowResult | undefined): string {
  if (!row) return '';
  if (row.status !== 'ok' || !row.summary) return row.status;
  const all = row.summary.cpuUsPerRequest.median;
  const js = row.summary.jsCpuUsPerRequest?.median;
  return js !== undefined && js < all * 0.99 ? `${all.toFixed(1)} (JS ${js.toFixed(1)})` : all.toFixed(1);
}

export function matrix(results: BenchResults, group: EndpointGroup, kind: 'rps' | 'cpu' = 'rps'): string {
  const endpoints = results.endpoints.filter((e) => e.group === group);
  const contenders = results.contenders.filter((c) =>
    results.rows.some((r) => r.contender === c.id && endpoints.some((e) => e.id === r.endpoint)),
  );
  const find = (e: string, c: string) => results.rows.find((r) => r.endpoint === e && r.contender === c);
  return table(
    ['endpoint', ...contenders.map((c) => c.label)],
    endpoints.map((e) => [
      e.title,
      ...contenders.map((c) =>
        kind === 'rps' ? cell(find(e.id, c.id), e.expectStatus !== undefined) : cpuCell(find(e.id, c.id)),
      ),
    ]),
  );
}

function ratios(results: BenchResults, group: 'table' | 'scaling', kind: RatioKind = 'rps'): string {
  const endpoints = results.endpoints.filter((e) => e.group === group);
  const inGroup = (r: RowResult) => endpoints.some((e) => e.id === r.endpoint);
  // Bolt variants that take part in other groups only (compressed rows, cost rows) get no columns.
  const bolts = results.contenders.filter(
    (c) => c.bolt && results.rows.some((r) => r.contender === c.id && inGroup(r)),
  );
  const bases = RATIO_BASES.filter((b) =>
    results.rows.some((r) => r.contender === b.id && r.status === 'ok' && inGroup(r)),
  );
  if (bolts.length === 0 || bases.length === 0)
    return 'No Bolt transport and peer pair was measured in this run.';
  const header = ['endpoint'];
  for (const b of bolts) for (const base of bases) header.push(`${b.label} / ${base.label}`);
  const lines = endpoints.map((e) => {
    const line = [e.title];
    for (const b of bolts) {
      for (const base of bases) {
        const value = ratio(results, e.id, b.id, base.id, kind);
        line.push(value === undefined ? '' : formatRatio(value));
      }
    }
    return line;
  });
  return table(header, lines);
}

export function detail(results: BenchResults, group: EndpointGroup): string {
  const sections: string[] = [];
  for (const e of results.endpoints.filter((x) => x.group === group)) {
    const rows = results.rows.filter((r) => r.endpoint === e.id && r.status === 'ok' && r.summary);
    if (rows.length === 0) continue;
    const label = (id: string) => results.contenders.find((c) => c.id === id)?.label ?? id;
    const lines = rows.map((r) => {
      const s = r.summary!;
      const errors = r.runs.reduce((n, x) => n + x.non2xx + x.socketErrors, 0);
      return [
        label(r.contender),
        formatRps(s.rps.median),
        `${formatRps(s.rps.min)}–${formatRps(s.rps.max)}`,
        formatMs(s.p50Ms.median),
        formatMs(s.p99Ms.median),
        s.peakRssMb.max.toFixed(0),
        s.cpuPercent.median.toFixed(0),
        s.cpuUsPerRequest.median.toFixed(1),
        (s.jsCpuUsPerRequest ?? s.cpuUsPerRequest).median.toFixed(1),
        String(errors),
      ];
    });
    const c = rows[0]!.connections;
    sections.push(
      `#### ${e.title} (C=${c})\n\n` +
        table(
          [
            'contender',
            'req/s',
            'min–max',
            'p50 ms',
            'p99 ms',
            'peak RSS MB',
            'server CPU %',
            'CPU µs/req',
            'JS µs/req',
            'errors',
          ],
          lines,
        ),
    );
  }
  return sections.join('\n\n');
}

function notMeasured(results: BenchResults): string {
  const rows = results.rows.filter((r) => r.status !== 'ok');
  if (rows.length === 0) return 'Every contender answered every row it takes part in.';
  return table(
    ['endpoint', 'contender', 'status', 'reason'],
    rows.map((r) => [
      r.endpoint,
      r.contender,
      r.status,
      (r.reason ?? '').replaceAll('|', '\\|').replaceAll('\n', ' '),
    ]),
    true,
  );
}

/** What the compressed rows show, when the run has them. */
export function compressedNote(results: BenchResults): string | undefined {
  if (!results.endpoints.some((e) => e.id === 'items100-br' || e.id === 'items100-gzip')) return undefined;
  return [
    '**Compressed rows.** `GET /items100 (br)` and `(gzip)` send `accept-encoding: br` or `gzip`; every answer',
    'is checked to carry that `content-encoding` and to decode to the same 100 items. Bolt (uWS) and Bolt',
    '(node:http) serve the example with its plugins, so the JS `compress()` hook encodes the body on the',
    'JS thread (brotli 4, gzip 4, 1 KiB and up). Bolt (Rust) serves the same app, but the engine takes',
    "the plugin's native form and compresses on its own threads (`native/src/compress.rs`, the same",
    'settings) while CORS, security headers and request ids still run in JS. Bolt (Rust, no batteries)',
    'serves the example without its app-wide plugins (`BOLT_BATTERIES=off`), so none of',
    'them runs; the difference to Bolt (Rust) is what the other plugins cost there.',
    'Fastify uses @fastify/compress, Express the compression package, both set to the same levels;',
    "Hono's hono/compress has gzip only, at CompressionStream's default level. Raw uWS, node:http and",
    'Elysia sit these rows out (see "Not measured").',
  ].join('\n');
}

/** The whole BENCHMARK.md. `chartFile` is the SVG's name beside it. */
export function renderMarkdown(results: BenchResults, chartFile = 'benchmark.svg'): string {
  const { machine: m, settings: s } = results;
  const hasScaling = results.endpoints.some((e) => e.group === 'scaling');
  const parts = [
    '# Bolt benchmark',
    '',
    `Generated by \`@bolt/bench\` from \`results/${results.startedAt.slice(0, 10)}.json\`; do not edit by hand.`,
    'Every figure below was measured in one run, with all contenders back to back on the same machine:',
    'only the ratios carry over to other machines.',
    '',
    `- **Machine:** ${m.cpuModel}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}`,
    `- **Runtimes:** Node ${m.node}${m.bun ? `, ${m.bun} (Elysia)` : ''}; load from ${m.wrk}`,
    `- **Packages:** ${Object.entries(m.packages ?? {})
      .map(([name, v]) => `${name} ${v}`)
      .join(', ')}`,
    `- **Load:** wrk -t${s.threads}, C=${s.connections} (async row: C=${s.slowConnections}), ` +
      `${s.runs} runs x ${s.durationS} s per row after a ${s.warmupS} s warm-up (1 s before each later run); median, min–max`,
    `- **Processes:** Bolt on uWS and Rust: P=${s.processes} x WORKERS=${s.workers} thread(s); the peers and Bolt on node:http: one process, one thread`,
    s.pin
      ? '- **CPUs:** every server pinned to CPU 0 and wrk to CPU 1 (`taskset`), so each server gets one core' +
        (s.processes * s.workers > 1 ? ' (Bolt with P x WORKERS > 1 is not pinned)' : '')
      : '- **CPUs:** not pinned: servers and wrk share every core',
    `- **Command:** \`${results.command}\``,
    `- **When:** ${results.startedAt} to ${results.finishedAt}`,
    '',
    `![requests/s per endpoint and contender](${chartFile})`,
    '',
    '## Requests/s (median)',
    '',
    '(!) marks a row where wrk saw non-2xx answers or socket errors; see the detail tables.',
    '',
    matrix(results, 'table'),
    '',
    ...(compressedNote(results) ? [compressedNote(results)!, ''] : []),
    '## CPU time per request (µs, median)',
    '',
    "The server's CPU time (every thread of its process tree, from /proc) divided by the requests served:",
    'steadier than requests/s on a shared machine. For a server with a native engine (Bolt on Rust),',
    "`(JS x)` is the JavaScript side alone: every thread but the engine's.",
    '',
    matrix(results, 'table', 'cpu'),
    '',
    '## Ratios: each Bolt transport against raw uWS, Fastify and Elysia on Bun',
    '',
    "Requests/s of the Bolt transport divided by the peer's: above 1, Bolt serves more. Each ratio is the",
    'median over the runs of the ratio within a run (both measured seconds apart).',
    '',
    ratios(results, 'table'),
    '',
    '### By CPU time per request',
    '',
    "The peer's server CPU time per request divided by Bolt's: above 1, Bolt spends less CPU on a request.",
    'Steadier than requests/s when other work shares the machine.',
    '',
    ratios(results, 'table', 'cpu'),
    '',
    '## Detail',
    '',
    'Latency percentiles from wrk; peak RSS summed over the server process tree, sampled every 200 ms;',
    "server CPU is the tree's CPU time over the run's wall time (100 = one core), and CPU µs/req that",
    'time per request: steadier than req/s when the machine is shared; JS µs/req leaves out the threads',
    'of a native engine (the same figure for servers without one).',
    '',
    detail(results, 'table'),
    '',
  ];
  if (hasScaling) {
    parts.push(
      '## Scaling: payload size and route count',
      '',
      'Responses of ~1, 10 and 100 KB through a response model, request bodies of the same sizes through',
      'validation, and a parameterised route hit last among 10 or 1,000.',
      '',
      matrix(results, 'scaling'),
      '',
      ratios(results, 'scaling'),
      '',
      detail(results, 'scaling'),
      '',
    );
  }
  const cost = costSection(results);
  if (cost) parts.push(cost, '');
  parts.push(
    '## Not measured',
    '',
    notMeasured(results),
    '',
    '## Reproduce',
    '',
    '```sh',
    'make save-bench                      # the whole table; knobs: C=64 DURATION=8 RUNS=3 WARMUP=5 P=1 WORKERS=1 N=',
    'pnpm --filter @bolt/bench bench -- --only root,parse --contenders bolt-uws,fastify   # a quick look',
    '```',
    '',
    'The peers are in `bench/peers/`, one file each, written the way their docs recommend and doing the',
    'same validation work; the runner checks each answer (status and body) before any load.',
    '',
  );
  return parts.join('\n');
}
