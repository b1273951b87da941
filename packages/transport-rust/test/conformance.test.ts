/** The conformance and reliability suites from @bolt/conformance, unchanged, over Rust in this thread. */
import { type ConformanceTarget, runConformance, runReliability } from '@bolt/conformance';
import t from 'tap';
import { serve } from '../src/index.js';

// Both suites in one file: longer than the package's per-file default.
t.setTimeout(600_000);

// Short timeouts so the slow-client cases finish quickly; the suite checks them as declared.
const timeouts = { headersTimeout: 2000, requestTimeout: 3000 };

const target: ConformanceTarget = {
  name: 'rust (main thread)',
  start: (spec) => serve(spec.api, { host: '127.0.0.1', port: 0, handleSignals: false, ...timeouts }),
  timeouts: { headersMs: timeouts.headersTimeout, requestMs: timeouts.requestTimeout },
  child: { module: new URL('../dist/index.js', import.meta.url), options: timeouts },
};

runConformance(t, target);
runReliability(t, target);
