/** Forms and uploads over real sockets on node:http (the shared cases in forms-socket-cases.ts). */
import t from 'tap';
import { nodeTransport } from '../src/node/node-transport.js';
import { formsSocketCases, privateTmpdir } from './forms-socket-cases.js';

const dir = privateTmpdir();
formsSocketCases(t, 'node', (app) => nodeTransport.listen(app, { port: 0 }), dir);
