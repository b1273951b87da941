/** node:http runs the form and upload cases, with the 10 MiB streaming check. */
import { nodeTransport } from '@bolt/core/node';
import t from 'tap';
import { runFormsConformance } from '../src/index.js';

runFormsConformance(
  t,
  {
    name: 'node:http',
    start: (spec) => nodeTransport.listen(spec.api.compile(), { host: '127.0.0.1', port: 0 }),
  },
  // The transport's own module, not the whole @bolt/core/node entry: the child's baseline stays small.
  {
    engine: {
      module: new URL('./node-transport.js', import.meta.resolve('@bolt/core/node')).href,
      export: 'nodeTransport',
    },
  },
);
