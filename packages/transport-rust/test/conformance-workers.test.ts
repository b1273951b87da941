import { runConformance } from '@bolt/conformance';
import t from 'tap';
import { serve } from '../src/index.js';

runConformance(t, {
  name: 'rust (workers: 2, threads: 2)',
  // Two tokio threads as well, so the multi-thread scheduler path is covered too.
  start: (spec) => serve(spec.app, { host: '127.0.0.1', port: 0, workers: 2, threads: 2 }),
});
