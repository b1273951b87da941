/**
 * `benchCommand(argv)`: the whole CLI as a function, so transport packages and tests can call it.
 * Parses the knobs, finds wrk (installing it from Debian's packages if missing), picks the rows,
 * runs them, prints the table, and with `--save` writes the JSON, BENCHMARK.md and the chart.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BENCH_DIR } from './bench-dir.js';
import { type CheckResult, checkContenders } from './check-contenders.js';
import { bunBinary, pickContenders } from './contenders.js';
import { ENDPOINTS, type Endpoint } from './endpoints.js';
import { ensureWrk } from './ensure-wrk.js';
import { exampleDbPath } from './example-db.js';
import { describeMachine } from './machine.js';
import { parseOptions, USAGE } from './options.js';
import { Progress } from './progress.js';
import { renderMarkdown } from './render-markdown.js';
import type { BenchResults } from './results.js';
import { plannedSeconds, runBench } from './run-bench.js';
import { type SavedFiles, saveResults, writeReport } from './save-results.js';

/** What a CLI run returns: the results of a run, or with `--check` the answers checked. */
export interface BenchOutcome {
  results?: BenchResults;
  saved?: SavedFiles;
  checks?: CheckResult[];
}

const KNOB_ENV = [
  'C',
  'C_SLOW',
  'DURATION',
  'N',
  'WARMUP',
  'RUNS',
  'P',
  'WORKERS',
  'THREADS',
  'PIN',
  'CONTENDERS',
  'ONLY',
  'BENCH_DB',
];

/** The run's exact command: the knobs set in the environment, then the CLI and its flags. */
export function commandLine(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const knobs = KNOB_ENV.filter((k) => env[k]).map((k) => `${k}=${env[k]}`);
  return [...knobs, 'node bench/dist/src/cli.js', ...argv.filter((a) => a !== '--')].join(' ');
}

/** The endpoints named by `only` (ids, or the groups `table` and `scaling`); all when empty. */
export function pickEndpoints(only: readonly string[]): Endpoint[] {
  if (only.length === 0) return [...ENDPOINTS];
  const known = new Set(ENDPOINTS.map((e) => e.id));
  for (const id of only) {
    if (!known.has(id) && id !== 'table' && id !== 'scaling' && id !== 'cost') {
      throw new Error(`unknown endpoint ${id}: use table, scaling, cost, ${[...known].join(', ')}`);
    }
  }
  return ENDPOINTS.filter((e) => only.includes(e.id) || only.includes(e.group));
}

/** Runs the CLI with `argv` (flags only); `log` receives progress and the table. */
export async function benchCommand(
  argv: readonly string[],
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<BenchOutcome | undefined> {
  const options = parseOptions(argv);
  if (options.help) {
    log(USAGE);
    return undefined;
  }
  const out = options.out ?? fileURLToPath(BENCH_DIR);
  if (options.render) {
    const results = JSON.parse(readFileSync(options.render, 'utf8')) as BenchResults;
    const saved = writeReport(results, out);
    log(`wrote ${saved.markdown}, ${saved.chart} from ${options.render}`);
    return { results, saved: { json: options.render, ...saved } };
  }
  const contenders = pickContenders(options.contenders);
  const endpoints = pickEndpoints(options.only);
  const db = options.db ?? exampleDbPath();
  if (options.check) {
    const checks = await checkContenders(contenders, endpoints, db);
    for (const c of checks)
      log(`${c.status.padEnd(7)} ${c.contender.padEnd(11)} ${c.endpoint}${c.reason ? `: ${c.reason}` : ''}`);
    const bad = checks.filter((c) => c.status === 'wrong' || c.status === 'failed').length;
    log(`${checks.length - bad} answers checked correct, ${bad} wrong or failed`);
    return { checks };
  }
  const wrk = ensureWrk(true, log);
  const plan = {
    endpoints,
    contenders,
    settings: options.settings,
    wrk,
    db,
    ...(options.requests ? { requests: options.requests } : {}),
  };
  const progress = new Progress(plannedSeconds(plan), log);
  progress.say(
    `${endpoints.length} endpoint(s) x ${contenders.length} contender(s): ${contenders.map((c) => c.id).join(', ')}`,
  );
  const startedAt = new Date().toISOString();
  const rows = await runBench({ ...plan, progress });
  const bun = bunBinary();
  const results: BenchResults = {
    startedAt,
    finishedAt: new Date().toISOString(),
    command: commandLine(argv),
    machine: describeMachine(wrk, typeof bun === 'string' ? bun : undefined),
    settings: options.settings,
    endpoints: endpoints.map(({ id, title, group, expectStatus }) => ({
      id,
      title,
      group,
      ...(expectStatus === undefined ? {} : { expectStatus }),
    })),
    contenders: contenders.map(({ id, label, bolt, multiCore }) => ({ id, label, bolt, multiCore })),
    rows,
  };
  const saved = options.save ? saveResults(results, out) : undefined;
  if (saved) log(`wrote ${saved.json}, ${saved.markdown}, ${saved.chart}`);
  else log(renderMarkdown(results));
  return { results, ...(saved ? { saved } : {}) };
}
