/**
 * @bolt/bench: Bolt against its peers with wrk, in one run, written to BENCHMARK.md and an SVG chart.
 *
 * @example
 * import { benchCommand } from '@bolt/bench';
 * await benchCommand(['--contenders', 'bolt-uws,fastify', '--only', 'root', '-d', '2', '-r', '1']);
 */
export { type BenchOutcome, benchCommand, pickEndpoints } from './bench-command.js';
export { type CheckResult, checkContenders } from './check-contenders.js';
export { CONTENDERS, type Contender, pickContenders } from './contenders.js';
export { ENDPOINTS, type Endpoint, SCALING_ENDPOINTS, TABLE_ENDPOINTS } from './endpoints.js';
export { ensureWrk } from './ensure-wrk.js';
export { type BenchOptions, parseOptions } from './options.js';
export { renderChart } from './render-chart.js';
export { ratio, renderMarkdown } from './render-markdown.js';
export type { BenchResults, BenchSettings, RowResult, RunFigures } from './results.js';
export { type BenchPlan, runBench } from './run-bench.js';
export { saveResults } from './save-results.js';
export { type Spread, spread } from './stats.js';
export { renderUploads, runUploads, type UploadRow, uploadCommand } from './upload.js';
export { runWrk, type WrkResult } from './wrk.js';
export { renderWsEcho, runWsEcho, WS_SERVERS, type WsRow, wsEchoCommand } from './ws-echo.js';
