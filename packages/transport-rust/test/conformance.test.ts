import { runConformance } from '@bolt/conformance';
import t from 'tap';
import { serve } from '../src/index.js';

runConformance(t, {
  name: 'rust (main thread)',
  start: (spec) => serve(spec.api, { host: '127.0.0.1', port: 0 }),
});
