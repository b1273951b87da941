import { nodeTransport } from '@bolt/core/node';
import t from 'tap';
import { runConformance } from '../src/index.js';

runConformance(t, {
  name: 'node:http',
  start: (spec) => nodeTransport.listen(spec.api.compile(), { host: '127.0.0.1', port: 0 }),
});
