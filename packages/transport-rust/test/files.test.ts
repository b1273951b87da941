// file() responses are read and sent by Rust: the JavaScript thread never touches the bytes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exchange } from '@bolt/conformance';
import { BoltAPI, file } from '@bolt/core';
import { FileBody } from '@bolt/core/transport';
import t from 'tap';
import { serve } from '../src/index.js';

// Bytes that differ chunk to chunk, so a misplaced or repeated 64 KiB chunk shows.
const BYTES = Buffer.from(Array.from({ length: 6 * 1024 * 1024 }, (_, i) => (i * 7 + (i >> 16)) & 255));
const PATH = join(mkdtempSync(join(tmpdir(), 'bolt-rust-file-')), 'payload.bin');
writeFileSync(PATH, BYTES);

const api = new BoltAPI();
api.get('/file', () => file(PATH));

t.test('Rust sends the file; JavaScript never reads it', async (t) => {
  // Count every time JavaScript would open the file to stream it.
  const iterate = FileBody.prototype[Symbol.asyncIterator];
  let readByJs = 0;
  FileBody.prototype[Symbol.asyncIterator] = function (this: FileBody) {
    readByJs++;
    return iterate.call(this);
  };
  t.teardown(() => {
    FileBody.prototype[Symbol.asyncIterator] = iterate;
  });
  const server = await serve(api, { port: 0 });
  t.teardown(() => server.close({ graceMs: 1000 }));

  const got = (await exchange(server.port, 'GET /file HTTP/1.1\r\nHost: x\r\n\r\n', 1, { timeoutMs: 20_000 }))
    .responses[0];
  t.equal(got?.status, 200);
  t.equal(got?.headers['content-length'], String(BYTES.length), 'content-length from the file');
  t.equal(got?.headers['transfer-encoding'], undefined, 'not chunked');
  t.equal(got?.headers['content-type'], 'application/octet-stream');
  t.ok(got?.body.equals(BYTES), 'every byte, in order');

  const head = (await exchange(server.port, 'HEAD /file HTTP/1.1\r\nHost: x\r\n\r\n', 1, { headOnly: true }))
    .responses[0];
  t.equal(head?.headers['content-length'], String(BYTES.length), 'HEAD reports the size');

  const again = await fetch(`${server.url}/file`);
  t.ok(Buffer.from(await again.arrayBuffer()).equals(BYTES), 'a second download is the same');
  t.equal(readByJs, 0, 'no FileBody was iterated in JavaScript');
});
