/**
 * uWS runs the form and upload cases of @bolt/conformance, with multipart bodies streamed through
 * uWS's pause/resume, and the 10 MiB streaming check (a child server's RSS during the upload).
 */
import { runFormsConformance } from '@bolt/conformance';
import t from 'tap';
import { listen } from '../src/listen.js';

runFormsConformance(
  t,
  { name: 'uws', start: (spec) => listen(spec.api.compile(), { host: '127.0.0.1', port: 0 }) },
  { engine: { module: new URL('../dist/listen.js', import.meta.url).href, export: 'listen' } },
);
