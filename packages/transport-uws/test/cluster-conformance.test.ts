/** The conformance suite from @bolt/core, unchanged, over 2 processes x 2 worker threads. */
import { runConformance } from '@bolt/conformance';
import t from 'tap';
import { serve } from '../src/index.js';

runConformance(t, {
  name: 'uws P=2 W=2',
  start: (spec) =>
    serve(spec.app, { host: '127.0.0.1', port: 0, processes: 2, workers: 2, handleSignals: false }),
});
