/** The shape of bench/results/<date>.json: every raw figure of a run, and the summary per row. */
import type { EndpointGroup } from './endpoints.js';
import type { Machine } from './machine.js';
import type { Spread } from './stats.js';

/** One measured run of one row. */
export interface RunFigures {
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  non2xx: number;
  socketErrors: number;
  peakRssMb: number;
  cpuPercent: number;
  /** Server CPU time per request, in microseconds, all threads: steadier than req/s on a shared machine. */
  cpuUsPerRequest: number;
  /**
   * The same on the JavaScript side alone (every thread but a native engine's); equal to
   * `cpuUsPerRequest` for servers without one. Absent in results saved before it was measured.
   */
  jsCpuUsPerRequest?: number;
}

/** One endpoint x contender. */
export interface RowResult {
  endpoint: string;
  contender: string;
  /** `ok`: measured; `skipped`: cannot run here (not built, not served); `failed`: wrong answer or crash. */
  status: 'ok' | 'skipped' | 'failed';
  reason?: string;
  connections: number;
  runs: RunFigures[];
  /** Median, min and max over the runs (status `ok` only). */
  summary?: {
    rps: Spread;
    p50Ms: Spread;
    p99Ms: Spread;
    peakRssMb: Spread;
    cpuPercent: Spread;
    cpuUsPerRequest: Spread;
    jsCpuUsPerRequest?: Spread;
  };
}

/** Knobs of a run. */
export interface BenchSettings {
  connections: number;
  slowConnections: number;
  threads: number;
  durationS: number;
  warmupS: number;
  runs: number;
  processes: number;
  workers: number;
  /** Servers pinned to CPU 0 and wrk to CPU 1 (`taskset`); Bolt with P x WORKERS > 1 is not pinned. */
  pin: boolean;
}

/** Everything a run produced. */
export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  command: string;
  machine: Machine;
  settings: BenchSettings;
  /** `expectStatus`: a refusal row, whose non-2xx answers are the expected ones. */
  endpoints: { id: string; title: string; group: EndpointGroup; expectStatus?: number }[];
  contenders: { id: string; label: string; bolt: boolean; multiCore: boolean }[];
  rows: RowResult[];
}
