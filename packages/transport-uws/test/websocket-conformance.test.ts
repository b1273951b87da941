/** The WebSocket conformance cases from @bolt/conformance, unchanged, over uWS's `app.ws` in this thread. */
import { type ConformanceTarget, runWebSocketConformance } from '@bolt/conformance';
import t from 'tap';
import { serve } from '../src/index.js';
import { uwsKnownLimits } from './uws-known-limits.js';

const target: ConformanceTarget = {
  name: 'uws P=1 W=1',
  start: (spec) => serve(spec.api, { host: '127.0.0.1', port: 0, handleSignals: false }),
  knownLimits: uwsKnownLimits,
  timeouts: { headersMs: 10_000, requestMs: 10_000 },
  child: { module: new URL('../dist/index.js', import.meta.url) },
};

runWebSocketConformance(t, target);
