/** The WebSocket conformance cases from @bolt/conformance, unchanged, over Rust: in this thread and feeding 2 JS workers. */
import { type ConformanceTarget, runWebSocketConformance } from '@bolt/conformance';
import t from 'tap';
import { serve } from '../src/index.js';

const timeouts = { headersMs: 10_000, requestMs: 10_000 };

const inThread: ConformanceTarget = {
  name: 'rust (main thread)',
  start: (spec) => serve(spec.api, { host: '127.0.0.1', port: 0, handleSignals: false }),
  timeouts,
  child: { module: new URL('../dist/index.js', import.meta.url) },
};

const workers: ConformanceTarget = {
  name: 'rust (workers: 2, threads: 2)',
  start: (spec) =>
    serve(spec.app, { host: '127.0.0.1', port: 0, handleSignals: false, workers: 2, threads: 2 }),
  timeouts,
  topology: { workers: 2 },
  child: { module: new URL('../dist/index.js', import.meta.url), options: { workers: 2, threads: 2 } },
};

runWebSocketConformance(t, inThread);
runWebSocketConformance(t, workers);
