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
  { engine: { module: import.meta.resolve('@bolt/core/node'), export: 'nodeTransport' } },
);
