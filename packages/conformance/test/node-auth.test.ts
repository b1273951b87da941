/** node:http runs the auth cases (@bolt/auth's schemes, guards, challenges) over real sockets. */
import { nodeTransport } from '@bolt/core/node';
import t from 'tap';
import { runAuthConformance } from '../src/index.js';

runAuthConformance(t, {
  name: 'node:http',
  start: (spec) => nodeTransport.listen(spec.api.compile(), { host: '127.0.0.1', port: 0 }),
});
