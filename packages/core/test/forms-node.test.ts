/** Forms and uploads over real sockets on node:http (the shared cases in forms-socket-cases.ts). */
import t from 'tap';
import { nodeTransport } from '../src/node/node-transport.js';
import { formsSocketCases, privateTmpdir } from './forms-socket-cases.js';
import { describeMeasure, measureUpload, RSS_GROWTH_LIMIT } from './upload-rss.js';

const dir = privateTmpdir();
formsSocketCases(t, 'node', (app) => nodeTransport.listen(app, { port: 0 }), dir);

t.test(
  'node: a 10 MiB upload is streamed: the server process RSS grows far less than the upload',
  async (t) => {
    const engine = {
      module: new URL('../dist/node/node-transport.js', import.meta.url).href,
      export: 'nodeTransport',
    };
    // Garbage collected as it goes, so the peak is what the server holds, not what the GC put off.
    const held = await measureUpload(engine, 10 * 1024 * 1024, true);
    t.ok(held.sha256Matches, 'the file arrived whole');
    t.ok(held.growth < RSS_GROWTH_LIMIT, describeMeasure('node (GC as it goes)', held));
    const plain = await measureUpload(engine, 10 * 1024 * 1024, false);
    t.comment(describeMeasure('node', plain));
  },
);
