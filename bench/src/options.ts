/**
 * The runner's knobs, from flags or environment variables (flags win):
 *
 * | flag | env | default | meaning |
 * |---|---|---|---|
 * | `--contenders a,b` | CONTENDERS | all | contender ids |
 * | `--only a,b` | ONLY | all rows | endpoint ids, or `table` / `scaling` / `cost` |
 * | `-c, --connections` | C | 64 | wrk connections |
 * | `--slow-connections` | C_SLOW | 512 | connections of the async `/bench/slow` row |
 * | `-d, --duration` | DURATION | 8 | whole seconds per measured run (wrk's unit) |
 * | `-n, --requests` | N | - | requests per run instead of a duration (sized from the warm-up's rate) |
 * | `-w, --warmup` | WARMUP | 5 | warm-up seconds before a row's first run |
 * | `-r, --runs` | RUNS | 3 | measured runs per row (median, min, max reported) |
 * | `-p, --processes` | P | 1 | Bolt processes |
 * | `--workers` | WORKERS | 1 | Bolt worker threads per process |
 * | `-t, --threads` | THREADS | 1 | wrk threads |
 * | `--pin` / `--no-pin` | PIN | on with 2+ cores | servers on CPU 0, wrk on CPU 1 (`taskset`) |
 * | `--db` | BENCH_DB | the example's SQLite file | database the ORM peers read |
 * | `--save` | | off | write results/<date>.json, BENCHMARK.md and benchmark.svg |
 * | `--check` | | off | only check every answer (no load); exit 1 on a wrong one |
 * | `--render file` | | | rewrite BENCHMARK.md and the chart from a results JSON (no run) |
 * | `--out` | | bench/ | where `--save` writes |
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import type { BenchSettings } from './results.js';

/** Parsed options. */
export interface BenchOptions {
  contenders: string[];
  only: string[];
  settings: BenchSettings;
  /** Requests per run instead of a fixed duration. */
  requests?: number;
  db?: string;
  save: boolean;
  /** Only check that every contender answers every endpoint correctly, with no load. */
  check: boolean;
  /** Re-render BENCHMARK.md and the chart from this results JSON, with no run. */
  render?: string;
  out?: string;
  help: boolean;
}

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
}

/** Reads argv (without node and the script) and the environment. Throws on a bad value. */
export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== '--'), // `pnpm bench -- --only x` passes the `--` on
    strict: true,
    options: {
      contenders: { type: 'string' },
      only: { type: 'string' },
      connections: { type: 'string', short: 'c' },
      'slow-connections': { type: 'string' },
      duration: { type: 'string', short: 'd' },
      requests: { type: 'string', short: 'n' },
      warmup: { type: 'string', short: 'w' },
      runs: { type: 'string', short: 'r' },
      processes: { type: 'string', short: 'p' },
      workers: { type: 'string' },
      threads: { type: 'string', short: 't' },
      db: { type: 'string' },
      save: { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
      render: { type: 'string' },
      pin: { type: 'boolean' },
      'no-pin': { type: 'boolean' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const requests = values.requests ?? env.N;
  return {
    contenders: list(values.contenders ?? env.CONTENDERS),
    only: list(values.only ?? env.ONLY),
    settings: {
      connections: Math.round(positive('connections', values.connections ?? env.C, 64)),
      slowConnections: Math.round(
        positive('slow-connections', values['slow-connections'] ?? env.C_SLOW, 512),
      ),
      threads: Math.round(positive('threads', values.threads ?? env.THREADS, 1)),
      durationS: Math.max(1, Math.round(positive('duration', values.duration ?? env.DURATION, 8))),
      warmupS: Math.max(1, Math.round(positive('warmup', values.warmup ?? env.WARMUP, 5))),
      runs: Math.round(positive('runs', values.runs ?? env.RUNS, 3)),
      processes: Math.round(positive('processes', values.processes ?? env.P, 1)),
      workers: Math.round(positive('workers', values.workers ?? env.WORKERS, 1)),
      pin: values['no-pin']
        ? false
        : (values.pin ?? (env.PIN ? env.PIN !== '0' : availableParallelism() >= 2)),
    },
    ...(requests ? { requests: Math.round(positive('requests', requests, 1)) } : {}),
    ...((values.db ?? env.BENCH_DB) ? { db: values.db ?? env.BENCH_DB } : {}),
    save: values.save ?? false,
    check: values.check ?? false,
    ...(values.render ? { render: values.render } : {}),
    ...(values.out ? { out: values.out } : {}),
    help: values.help ?? false,
  };
}

/** The `--help` text. */
export const USAGE = `bolt-bench: Bolt against its peers, measured with wrk in one run.

  node bench/dist/src/cli.js [--contenders ids] [--only ids] [-c 64] [-d 8 | -n 200000]
                             [-w 5] [-r 3] [-p 1] [--workers 1] [--save] [--out dir] [--check]
                             [--render results/<date>.json]

  env: C, C_SLOW, DURATION, N, WARMUP, RUNS, P, WORKERS, THREADS, PIN, CONTENDERS, ONLY, BENCH_DB
  --only takes endpoint ids or the groups 'table', 'scaling' and 'cost'.`;
