/** Conformance: `file()` responses: type, length and bytes, HEAD, a download name, a missing file. */
import { readFileSync } from 'node:fs';
import type { Test } from 'tap';
import { SERVED_FILE } from '../conformance-app.js';
import type { CaseContext } from '../index.js';
import { exchange } from '../raw-http.js';

export async function testFiles(t: Test, { server }: CaseContext): Promise<void> {
  const expected = readFileSync(SERVED_FILE);

  const got = (await exchange(server.port, 'GET /download HTTP/1.1\r\nHost: x\r\n\r\n')).responses[0];
  t.equal(got?.status, 200, 'a file is 200');
  t.equal(got?.headers['content-length'], String(expected.length), 'content-length is the file size');
  t.ok(got?.headers['content-type'], 'content-type from the extension');
  t.ok(got?.body.equals(expected), 'the bytes are the file');

  const head = (
    await exchange(server.port, 'HEAD /download HTTP/1.1\r\nHost: x\r\n\r\n', 1, { headOnly: true })
  ).responses[0];
  t.equal(head?.status, 200, 'HEAD on a file is 200');
  t.equal(head?.headers['content-length'], String(expected.length), 'HEAD reports the file size');

  const named = await fetch(`${server.url}/download-as`);
  t.equal(named.status, 200);
  t.equal(named.headers.get('content-type'), 'text/plain', 'contentType given by the handler');
  t.equal(named.headers.get('content-disposition'), 'attachment; filename="app copy.js"', 'download name');
  t.ok(Buffer.from(await named.arrayBuffer()).equals(expected));

  const missing = await fetch(`${server.url}/download-missing`);
  t.equal(missing.status, 404, 'a missing file is 404');
  t.same(await missing.json(), { detail: 'Not Found' });
}
