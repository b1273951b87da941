/**
 * Forms and uploads over real sockets on uWS: the same cases node:http runs
 * (core/test/forms-socket-cases.ts), with multipart bodies streamed through uWS's pause/resume.
 */
import t from 'tap';
import { formsSocketCases, privateTmpdir } from '../../core/test/forms-socket-cases.js';
import { listen } from '../src/listen.js';

const dir = privateTmpdir();
formsSocketCases(t, 'uws', (app) => listen(app, { port: 0 }), dir);
