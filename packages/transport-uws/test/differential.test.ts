/** uWS's router must never match differently from Bolt's: the shared differential table. */
import { testRouterDifferential } from '@bolt/conformance';
import t from 'tap';
import { serve } from '../src/index.js';

testRouterDifferential(t, {
  name: 'uws',
  start: (spec) => serve(spec.api, { host: '127.0.0.1', port: 0, handleSignals: false }),
});
