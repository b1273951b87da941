/** The conformance and reliability suites from @bolt/conformance, unchanged, over 2 processes x 2 worker threads. */
import { type ConformanceTarget, runConformance, runReliability } from '@bolt/conformance';
import t from 'tap';
import { serve } from '../src/index.js';
import { uwsKnownLimits } from './uws-known-limits.js';

// Both suites in one file: longer than the package's per-file default.
t.setTimeout(600_000);

const topology = { processes: 2, workers: 2 };

const target: ConformanceTarget = {
  name: 'uws P=2 W=2',
  start: (spec) => serve(spec.app, { host: '127.0.0.1', port: 0, ...topology, handleSignals: false }),
  knownLimits: uwsKnownLimits,
  // uWS 20.30's own idle timeout, fixed at 10 s for heads and bodies alike.
  timeouts: { headersMs: 10_000, requestMs: 10_000 },
  topology,
  child: { module: new URL('../dist/index.js', import.meta.url), options: topology },
};

runConformance(t, target);
runReliability(t, target);
