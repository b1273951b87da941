/**
 * The Rust engine runs the form and upload cases of @bolt/conformance unchanged: multipart bodies
 * parsed in Rust (multer) into temp files, handed to core as `native.multipart`, and the 10 MiB
 * streaming check (a child server's RSS during the upload).
 */
import { runFormsConformance } from '@bolt/conformance';
import t from 'tap';
import { rustTransport } from '../src/rust-transport.js';

runFormsConformance(
  t,
  { name: 'rust', start: (spec) => rustTransport.listen(spec.api.compile(), { host: '127.0.0.1', port: 0 }) },
  { engine: { module: new URL('../dist/index.js', import.meta.url).href, export: 'rustTransport' } },
);
