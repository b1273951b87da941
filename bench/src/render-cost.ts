/**
 * BENCHMARK.md's cost section: the `cost` rows (cost-endpoints.ts) as what the batteries and auth
 * add per engine, and what Rust's native forms save against the same work done in JavaScript.
 */
import { formatRatio } from './format.js';
import { matrix, type RatioKind, ratio, table } from './render-markdown.js';
import type { BenchResults } from './results.js';

const ENGINES = [
  { id: 'uws', label: 'uWS' },
  { id: 'rust', label: 'Rust' },
  { id: 'node', label: 'node:http' },
] as const;

function median(results: BenchResults, endpoint: string, contender: string, kind: RatioKind) {
  const row = results.rows.find((r) => r.endpoint === endpoint && r.contender === contender);
  if (row?.status !== 'ok' || !row.summary) return undefined;
  return kind === 'rps' ? row.summary.rps.median : row.summary.cpuUsPerRequest.median;
}

/**
 * One contender on two rows, as `ratio` reads it (above 1: `endpoint` does better than `base`).
 * The rows ran minutes apart, so this is the ratio of their medians.
 */
function acrossRows(
  results: BenchResults,
  endpoint: string,
  base: string,
  contender: string,
  kind: RatioKind,
): number | undefined {
  const a = median(results, endpoint, contender, kind);
  const b = median(results, base, contender, kind);
  if (!a || !b) return undefined;
  return kind === 'rps' ? a / b : b / a;
}

const show = (value: number | undefined) => (value === undefined ? '' : formatRatio(value));

/** The section, or undefined when the run had no cost rows. */
export function costSection(results: BenchResults): string | undefined {
  if (!results.endpoints.some((e) => e.group === 'cost')) return undefined;
  const perEngine = ENGINES.map(({ id, label }) => [
    label,
    show(ratio(results, 'cost-root', `bolt-${id}`, `bolt-${id}-bare`, 'rps')),
    show(ratio(results, 'cost-root', `bolt-${id}`, `bolt-${id}-bare`, 'cpu')),
    show(acrossRows(results, 'cost-auth-me', 'cost-root', `bolt-${id}`, 'rps')),
    show(acrossRows(results, 'cost-auth-me', 'cost-root', `bolt-${id}`, 'cpu')),
    show(acrossRows(results, 'cost-auth-refused', 'cost-root', `bolt-${id}`, 'rps')),
  ]);
  const native = ['cost-root', 'cost-auth-me', 'cost-auth-refused'].map((endpoint) => [
    results.endpoints.find((e) => e.id === endpoint)?.title ?? endpoint,
    show(ratio(results, endpoint, 'bolt-rust', 'bolt-rust-js', 'rps')),
    show(ratio(results, endpoint, 'bolt-rust', 'bolt-rust-js', 'cpu')),
  ]);
  return [
    '## Cost of the batteries and auth (Bolt against itself)',
    '',
    'The example with its app-wide plugins (CORS, security headers, compression, request ids) plus an',
    'app-wide memory rate limit (`RATE_LIMIT`, never reached) against the same app without any',
    '(`BOLT_BATTERIES=off`, "no batteries"), and `GET /auth/me` with a valid or a refused HS256 token',
    '(the example as shipped: its plugins, no app-wide rate limit).',
    '"Native forms off" is Bolt on Rust with `nativeForms: false`: every plugin\'s work done in JavaScript.',
    '',
    matrix(results, 'cost'),
    '',
    'CPU time per request (µs, median):',
    '',
    matrix(results, 'cost', 'cpu'),
    '',
    'Ratios, above 1 better: req/s of the first divided by the second, and CPU per request of the',
    'second divided by the first. Batteries against none is the median of within-run ratios; the',
    "row-to-row ratios (`/auth/me` against `/`) divide the rows' medians.",
    '',
    table(
      [
        'engine',
        'batteries / none, req/s',
        'batteries / none, CPU',
        '/auth/me / `/`, req/s',
        '/auth/me / `/`, CPU',
        '401 / `/`, req/s',
      ],
      perEngine,
    ),
    '',
    'Bolt on Rust with its native forms against the same app with them off:',
    '',
    table(['row', 'native / JS, req/s', 'native / JS, CPU'], native),
  ].join('\n');
}
