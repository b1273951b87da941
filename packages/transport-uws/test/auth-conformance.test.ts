/** The auth cases of @bolt/conformance (@bolt/auth's schemes, guards, challenges), unchanged, over uWS. */
import { runAuthConformance } from '@bolt/conformance';
import t from 'tap';
import { serve } from '../src/index.js';

runAuthConformance(t, {
  name: 'uws',
  start: (spec) => serve(spec.api, { host: '127.0.0.1', port: 0, handleSignals: false }),
});

// Two worker threads importing the app module (its keys are fixed, so each has the same ones).
runAuthConformance(t, {
  name: 'uws (workers: 2)',
  start: (spec) => serve(spec.app, { host: '127.0.0.1', port: 0, handleSignals: false, workers: 2 }),
});
