/** The conformance suite from @bolt/core, unchanged, over uWS in this thread. */
import { runConformance } from '@bolt/conformance';
import t from 'tap';
import { serve } from '../src/index.js';

runConformance(t, {
  name: 'uws P=1 W=1',
  start: (spec) => serve(spec.api, { host: '127.0.0.1', port: 0, handleSignals: false }),
});
