/**
 * Forms and uploads over real sockets on uWS: the same cases node:http runs
 * (core/test/forms-socket-cases.ts), with multipart bodies streamed through uWS's pause/resume.
 */
import t from 'tap';
import { formsSocketCases, privateTmpdir } from '../../core/test/forms-socket-cases.js';
import { describeMeasure, measureUpload, RSS_GROWTH_LIMIT } from '../../core/test/upload-rss.js';
import { listen } from '../src/listen.js';

const dir = privateTmpdir();
formsSocketCases(t, 'uws', (app) => listen(app, { port: 0 }), dir);

t.test(
  'uws: a 10 MiB upload is streamed: the server process RSS grows far less than the upload',
  async (t) => {
    const engine = { module: new URL('../dist/listen.js', import.meta.url).href, export: 'listen' };
    // Garbage collected as it goes, so the peak is what the server holds, not what the GC put off.
    const held = await measureUpload(engine, 10 * 1024 * 1024, true);
    t.ok(held.sha256Matches, 'the file arrived whole');
    t.ok(held.growth < RSS_GROWTH_LIMIT, describeMeasure('uws (GC as it goes)', held));
    const plain = await measureUpload(engine, 10 * 1024 * 1024, false);
    t.comment(describeMeasure('uws', plain));
  },
);
