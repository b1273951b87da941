/** The conformance and reliability suites from @bolt/conformance, unchanged, over Rust feeding 2 JS workers. */
import { type ConformanceTarget, runConformance, runReliability } from '@bolt/conformance';
import t from 'tap';
import { serve } from '../src/index.js';

// Both suites in one file: longer than the package's per-file default.
t.setTimeout(600_000);

// Short timeouts so that the slow-client cases finish quickly; the suite checks the cuts against them.
const timeouts = { headersMs: 3000, requestMs: 5000 };
// Two tokio threads as well, so the multi-thread scheduler path is covered too.
const options = {
  workers: 2,
  threads: 2,
  headersTimeout: timeouts.headersMs,
  requestTimeout: timeouts.requestMs,
};

const target: ConformanceTarget = {
  name: 'rust (workers: 2, threads: 2)',
  start: (spec) => serve(spec.app, { host: '127.0.0.1', port: 0, handleSignals: false, ...options }),
  timeouts,
  topology: { workers: 2 },
  child: { module: new URL('../dist/index.js', import.meta.url), options },
};

runConformance(t, target);
runReliability(t, target);
