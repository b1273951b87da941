/**
 * The table, row by row. For each endpoint every contender is started and checked (a wrong answer
 * drops that contender from the row), then the runs rotate through the contenders back to back so
 * the machine's noise falls on all of them alike: a warm-up before each run (the full one before a
 * contender's first), `runs` measured runs with the server's process tree sampled. Servers stop after the row.
 */
import { checkAnswer } from './check-answer.js';
import { type Contender, type Launch, rowSkip } from './contenders.js';
import type { Endpoint } from './endpoints.js';
import { sampleProcessTree } from './process-sampler.js';
import { clock, Progress } from './progress.js';
import type { BenchSettings, RowResult, RunFigures } from './results.js';
import { type ServerProcess, ServerStartError, startServer } from './server-process.js';
import { spread } from './stats.js';
import { runWrk } from './wrk.js';

/** What to run. */
export interface BenchPlan {
  endpoints: readonly Endpoint[];
  contenders: readonly Contender[];
  settings: BenchSettings;
  /** Requests per run instead of `settings.durationS`. */
  requests?: number;
  wrk: string;
  /** The example's SQLite file, for the ORM peers; ORM rows of peers are skipped without it. */
  db?: string;
  progress?: Progress;
}

const STARTUP_S = 2;
/** With `pin`: the servers run on this CPU, wrk on the other. */
const SERVER_CPU = '0';
const WRK_CPU = '1';
/** Above this share of non-2xx answers and socket errors under load, a row counts as failed. */
const MAX_ERROR_SHARE = 0.01;
/** Warm-up before the second and later runs of a contender. */
const REWARM_S = 1;

/** Seconds the plan should take, for the progress line. */
export function plannedSeconds(plan: BenchPlan): number {
  const rows = plan.endpoints.reduce((n, e) => n + plan.contenders.filter((c) => takesPart(c, e)).length, 0);
  return rows * rowSeconds(plan.settings);
}

function rowSeconds({ warmupS, durationS, runs }: BenchSettings): number {
  return STARTUP_S + warmupS + (runs - 1) * REWARM_S + runs * (durationS + 0.5);
}

/** Whether a contender has a row for this endpoint at all (scaling rows: Bolt transports and Fastify). */
export function takesPart(contender: Contender, endpoint: Endpoint): boolean {
  if (endpoint.group === 'cost') return contender.cost === true || contender.only?.includes('cost') === true;
  if (contender.only) return endpoint.encoding !== undefined && contender.only.includes('compressed');
  return endpoint.group === 'scaling' ? contender.scaling : true;
}

interface Live {
  contender: Contender;
  server: ServerProcess;
  row: RowResult;
  durationS: number;
}

/** Runs the plan and returns one row per endpoint x contender taking part. */
export async function runBench(plan: BenchPlan): Promise<RowResult[]> {
  const { settings } = plan;
  const progress = plan.progress ?? new Progress(plannedSeconds(plan));
  const perRow = rowSeconds(settings);
  const rows: RowResult[] = [];

  for (const [index, endpoint] of plan.endpoints.entries()) {
    const connections = endpoint.connections === 'slow' ? settings.slowConnections : settings.connections;
    const where = `row ${index + 1}/${plan.endpoints.length} ${endpoint.id}`;
    const live: Live[] = [];
    for (const contender of plan.contenders.filter((c) => takesPart(c, endpoint))) {
      const row: RowResult = {
        endpoint: endpoint.id,
        contender: contender.id,
        status: 'ok',
        connections,
        runs: [],
      };
      rows.push(row);
      const launch = launchFor(contender, endpoint, plan);
      if ('skip' in launch) {
        Object.assign(row, { status: 'skipped', reason: launch.skip });
        progress.advance(perRow);
        progress.say(`${where} · ${contender.id}: skipped (${launch.skip})`);
        continue;
      }
      progress.say(`${where} · ${contender.id}: starting and checking the answer`);
      try {
        const server = await startServer({
          launch,
          endpoint,
          env: envFor(contender, endpoint, plan),
          ...(pinned(contender, settings) ? { cpu: SERVER_CPU } : {}),
        });
        live.push({ contender, server, row, durationS: settings.durationS });
      } catch (error) {
        const why =
          error instanceof ServerStartError ? error.message : `could not start: ${(error as Error).message}`;
        const status = error instanceof ServerStartError && error.kind === 'not-built' ? 'skipped' : 'failed';
        Object.assign(row, { status, reason: why });
        progress.advance(perRow);
        progress.say(`${where} · ${contender.id}: ${status}: ${why}`);
      }
    }
    progress.advance(live.length * STARTUP_S);

    try {
      for (let run = 0; run < settings.runs; run++) {
        // Rotate the order each run so no contender always goes first (or right after a heavy one).
        const order = live.map((_, i) => live[(i + run) % live.length]!).filter((l) => l.row.status === 'ok');
        for (const entry of order) {
          const { contender, server, row } = entry;
          const load = {
            wrk: plan.wrk,
            url: server.url + endpoint.path,
            method: endpoint.method,
            ...(endpoint.headers ? { headers: endpoint.headers } : {}),
            connections,
            ...(settings.pin ? { cpu: WRK_CPU } : {}),
          };
          const body = endpoint.body === undefined ? {} : { body: JSON.stringify(endpoint.body) };
          try {
            // The full warm-up before a contender's first run; a short one before each later run,
            // since the other contenders ran in between.
            const warmS = run === 0 ? settings.warmupS : REWARM_S;
            progress.say(`${where} · ${contender.id}: warm-up ${clock(warmS)} (C=${connections})`);
            const warm = await runWrk({ ...load, ...body, threads: settings.threads, durationS: warmS });
            progress.advance(warmS);
            if (run === 0 && plan.requests) {
              entry.durationS = Math.min(60, Math.max(1, Math.ceil(plan.requests / Math.max(warm.rps, 1))));
            }
            progress.say(
              `${where} · ${contender.id}: run ${run + 1}/${settings.runs} (${clock(entry.durationS)})`,
            );
            const sampler = sampleProcessTree(server.pid);
            const result = await runWrk({
              ...load,
              ...body,
              threads: settings.threads,
              durationS: entry.durationS,
            });
            const usage = sampler.stop();
            progress.advance(settings.durationS + 0.5);
            row.runs.push(figures(result, usage));
          } catch (error) {
            Object.assign(row, {
              status: 'failed',
              reason: `load failed: ${(error as Error).message.slice(0, 500)}`,
            });
            progress.advance((settings.runs - run) * (settings.durationS + 0.5 + REWARM_S));
          }
        }
      }
      for (const { server, row, contender } of live) {
        if (row.status !== 'ok') continue;
        const after = await checkAnswer(server.url, endpoint);
        if (after.kind !== 'ok') {
          Object.assign(row, { status: 'failed', reason: `answer after the load is wrong: ${after.reason}` });
          progress.say(`${where} · ${contender.id}: failed after the load (${after.reason})`);
        }
      }
    } finally {
      await Promise.all(live.map((l) => l.server.stop()));
    }
    for (const { row } of live) {
      if (row.status !== 'ok') continue;
      const requests = row.runs.reduce((n, r) => n + r.requests, 0);
      // A refusal row (expectStatus) answers non-2xx by design: only socket errors count there.
      const expected = endpoint.expectStatus !== undefined;
      const errors = row.runs.reduce((n, r) => n + (expected ? 0 : r.non2xx) + r.socketErrors, 0);
      if (errors > requests * MAX_ERROR_SHARE) {
        // A server that answers errors fast must not top the table: its runs stay in the JSON only.
        Object.assign(row, {
          status: 'failed',
          reason: `${errors} of ${requests} requests failed under load`,
        });
      } else {
        row.summary = summarize(row.runs);
      }
    }
  }
  return rows;
}

/** Whether a contender's server is pinned to one CPU: always with `pin`, except Bolt given P x WORKERS > 1. */
function pinned(contender: Contender, settings: BenchSettings): boolean {
  return settings.pin && !(contender.multiCore && settings.processes * settings.workers > 1);
}

function launchFor(contender: Contender, endpoint: Endpoint, plan: BenchPlan): Launch | { skip: string } {
  const skip = rowSkip(contender, endpoint);
  if (skip) return { skip };
  if (endpoint.needsDb && !contender.orm) return { skip: 'hand-written peer: no ORM' };
  if (endpoint.needsDb && !contender.bolt && !plan.db) {
    return { skip: "the example's SQLite file was not found (set BENCH_DB)" };
  }
  return contender.launch();
}

function envFor(contender: Contender, endpoint: Endpoint, plan: BenchPlan): Record<string, string> {
  return {
    BENCH_APP: endpoint.group === 'scaling' ? 'scaling' : 'example',
    ...(plan.db && endpoint.needsDb ? { BENCH_DB: plan.db, BOLT_SQLITE_PATH: plan.db } : {}),
    ...(contender.multiCore
      ? { P: String(plan.settings.processes), WORKERS: String(plan.settings.workers) }
      : {}),
    ...endpoint.env,
  };
}

function figures(
  result: Awaited<ReturnType<typeof runWrk>>,
  usage: ReturnType<ReturnType<typeof sampleProcessTree>['stop']>,
): RunFigures {
  return {
    rps: result.rps,
    p50Ms: result.p50Ms,
    p90Ms: result.p90Ms,
    p99Ms: result.p99Ms,
    maxMs: result.maxMs,
    requests: result.requests,
    non2xx: result.non2xx,
    socketErrors: result.socketErrors,
    peakRssMb: usage.peakRssMb,
    cpuPercent: usage.cpuPercent,
    cpuUsPerRequest: result.requests > 0 ? (usage.cpuSeconds / result.requests) * 1e6 : 0,
    jsCpuUsPerRequest: result.requests > 0 ? (usage.jsCpuSeconds / result.requests) * 1e6 : 0,
  };
}

function summarize(runs: readonly RunFigures[]): RowResult['summary'] {
  return {
    rps: spread(runs.map((r) => r.rps)),
    p50Ms: spread(runs.map((r) => r.p50Ms)),
    p99Ms: spread(runs.map((r) => r.p99Ms)),
    peakRssMb: spread(runs.map((r) => r.peakRssMb)),
    cpuPercent: spread(runs.map((r) => r.cpuPercent)),
    cpuUsPerRequest: spread(runs.map((r) => r.cpuUsPerRequest)),
    jsCpuUsPerRequest: spread(runs.map((r) => r.jsCpuUsPerRequest ?? r.cpuUsPerRequest)),
  };
}
