import t from 'tap';
import { runConformance } from '../src/conformance/index.js';
import { nodeTransport } from '../src/node/node-transport.js';

runConformance(t, {
  name: 'node:http',
  start: (spec) => nodeTransport.listen(spec.api.compile(), { host: '127.0.0.1', port: 0 }),
});
