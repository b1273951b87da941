/**
 * The upload bench without load: its multipart body parses (undici's form parser) into the title
 * and the very bytes sent, and an answer whose size or hash differs from the file is refused.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { multipartBody, renderUploads, uploadOnce } from '../src/upload.js';

const file = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
const sha = createHash('sha256').update(file).digest('hex');

t.test('the multipart body carries the title and the file unchanged', async (t) => {
  const body = Buffer.concat(multipartBody(file, 'b0undary'));
  const form = await new Response(body, {
    headers: { 'content-type': 'multipart/form-data; boundary=b0undary' },
  }).formData();
  t.equal(form.get('title'), 'bench upload');
  const got = form.get('file') as File;
  t.equal(got.name, 'ten.bin');
  t.same(Buffer.from(await got.arrayBuffer()), file);
});

t.test('uploadOnce checks the size and SHA-256 the server reports', async (t) => {
  let answer = { files: [{ size: file.length, sha256: sha }] };
  const server = createServer((req, res) => {
    req.resume();
    req.once('end', () =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer)),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(() => server.close());
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t.ok((await uploadOnce(url, file, sha)) > 0);
  answer = { files: [{ size: file.length, sha256: 'f00' }] };
  await t.rejects(uploadOnce(url, file, sha), /is not size 300000/);
});

t.test('the table says why an engine was not measured', async (t) => {
  const md = renderUploads(
    [
      {
        engine: 'bolt-uws',
        status: 'ok',
        timesMs: [30, 10, 20],
        idleRssMb: 100,
        peakGrowthMb: 4,
        hwmGrowthMb: 5,
      },
      { engine: 'bolt-rust', status: 'failed', reason: 'status 413', timesMs: [] },
    ],
    10,
  );
  t.match(md, /\| bolt-uws \| 20 \| 10–30 \| 100 \| 4\.0 \| 5\.0 \|/);
  t.match(md, /\| bolt-rust \| failed: status 413 \|/);
});
