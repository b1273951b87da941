import { nodeTransport } from '@bolt/core/node';
import t from 'tap';
import {
  type ConformanceTarget,
  runConformance,
  runReliability,
  runWebSocketConformance,
} from '../src/index.js';

// Short timeouts so that the slow-client cases finish quickly; the suite checks the cuts against them.
const timeouts = { headersMs: 3000, requestMs: 5000 };
const options = {
  host: '127.0.0.1',
  port: 0,
  headersTimeout: timeouts.headersMs,
  requestTimeout: timeouts.requestMs,
};

const target: ConformanceTarget = {
  name: 'node:http',
  start: (spec) => nodeTransport.listen(spec.api.compile(), options),
  timeouts,
  child: { module: import.meta.resolve('@bolt/core/node'), options },
};

runConformance(t, target);
runReliability(t, target);
runWebSocketConformance(t, target);
