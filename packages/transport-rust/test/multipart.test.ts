// multipart/form-data parsed in Rust (multer) for routes with `multipart` limits: fields and files
// reach the handler as `native.multipart`, files as temp files Rust removes after the response;
// every limit stops the read and removes what was written; a 10 MiB upload is streamed to disk.
// The engine-side cases set `CompiledRoute.multipart` on the compiled route (fixtures/multipart-app.js:
// core had no route option when they were written, and they read the raw record); the last case uses
// core's own route option (`body` with `Upload()`, `limits`) end to end.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exchange, RawConnection } from '@bolt/conformance';
import { BoltAPI, t as s, Upload } from '@bolt/core';
import type { MultipartLimits, NativeMultipart } from '@bolt/core/transport';
import t from 'tap';
import { rustTransport } from '../src/index.js';
import { multipartApi, withMultipart } from './fixtures/multipart-app.js';

const MiB = 1024 * 1024;
const LIMITS: MultipartLimits = { fileSize: 1000, files: 2, fields: 3, fieldSize: 64, parts: 10 };
/** /upload-few: only `parts` and `bodyLimit` are tight. */
const FEW: MultipartLimits = { fileSize: MiB, files: 10, fields: 10, fieldSize: MiB, parts: 2 };
const BODY_LIMIT = 8000;
const ROUTES = {
  '/upload': { multipart: LIMITS, bodyLimit: 64 * 1024 },
  '/upload-few': { multipart: FEW, bodyLimit: BODY_LIMIT },
};

type Part = { name: string; value: string } | { name: string; filename: string; type?: string; data: Buffer };
/** What the fixture's handler answers: the record, each file with its sha256 as read from disk. */
type Answer = {
  ok?: boolean;
  fields?: [string, string][];
  files?: {
    field: string;
    filename: string;
    contentType: string;
    size: number;
    path: string;
    sha256: string;
  }[];
  /** When the record is not `ok` (or absent): the record and how many body bytes came instead. */
  form?: NativeMultipart | null;
  rawBodyBytes?: number;
};

const BOUNDARY = '----bolt-test-boundary';
const FORM_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

/** A multipart body, encoded by hand for cases a FormData encoder cannot produce. */
function encode(parts: readonly Part[], { close = true } = {}): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition =
      'filename' in p
        ? `form-data; name="${p.name}"; filename="${p.filename}"`
        : `form-data; name="${p.name}"`;
    const type = 'filename' in p ? `\r\nContent-Type: ${p.type ?? 'application/octet-stream'}` : '';
    chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`));
    chunks.push('filename' in p ? p.data : Buffer.from(p.value));
    chunks.push(Buffer.from('\r\n'));
  }
  if (close) chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** This process's upload temp files still on disk (the in-process server's). */
function leftovers(pid = process.pid): string[] {
  return readdirSync(tmpdir()).filter((n) => n.startsWith(`bolt-upload-${pid}-`));
}

async function until(done: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

async function post(
  url: string,
  body: Buffer | FormData,
  type?: string,
): Promise<{ res: Response; json: Answer }> {
  const res = await fetch(url, {
    method: 'POST',
    body,
    headers: type ? { 'content-type': type } : undefined,
  });
  return { res, json: (await res.json()) as Answer };
}

t.test('fields and files reach the handler; temp files are removed after the response', async (t) => {
  const server = await rustTransport.listen(withMultipart(multipartApi().compile(), ROUTES), { port: 0 });
  t.teardown(() => server.close({ graceMs: 1000 }));

  // Encoded by undici's FormData, not by this test.
  const photo = randomBytes(1000);
  const form = new FormData();
  form.append('title', 'Ünïcode ✓ "quoted"');
  form.append('tag', 'a');
  form.append('tag', 'b');
  form.append('file', new Blob([photo], { type: 'image/png' }), 'photo.png');
  form.append('file', new Blob([]), 'empty.bin');
  const { res, json } = await post(`${server.url}/upload`, form);
  t.equal(res.status, 200);
  t.equal(json.ok, true, JSON.stringify(json));
  t.same(
    json.fields,
    [
      ['title', 'Ünïcode ✓ "quoted"'],
      ['tag', 'a'],
      ['tag', 'b'],
    ],
    'fields in order, repeated names kept',
  );
  const files = json.files ?? [];
  t.same(
    files.map(({ field, filename, contentType, size, sha256 }) => ({
      field,
      filename,
      contentType,
      size,
      sha256,
    })),
    [
      { field: 'file', filename: 'photo.png', contentType: 'image/png', size: 1000, sha256: sha256(photo) },
      {
        field: 'file',
        filename: 'empty.bin',
        contentType: 'application/octet-stream',
        size: 0,
        sha256: sha256(Buffer.alloc(0)),
      },
    ],
    'each file whole on disk',
  );
  for (const f of files) {
    t.equal(dirname(f.path), tmpdir(), 'in the temp directory');
    t.match(basename(f.path), /^bolt-upload-\d+-\d+-[0-9a-f]+$/);
  }
  t.not(files[0]?.path, files[1]?.path, 'one file each');
  t.ok(await until(() => files.every((f) => !existsSync(f.path))), 'removed once the response is done');
  t.same(leftovers(), []);

  // Raw bytes a browser would send for a file input left empty, and a non-ASCII filename.
  const raw = encode([
    { name: 'photo', filename: '', data: Buffer.alloc(0) },
    { name: 'doc', filename: 'résumé.txt', type: 'text/plain', data: Buffer.from('hi') },
  ]);
  const second = await post(`${server.url}/upload`, raw, FORM_TYPE);
  t.same(
    second.json.files?.map((f) => [f.field, f.filename, f.contentType, f.size]),
    [
      ['photo', '', 'application/octet-stream', 0],
      ['doc', 'résumé.txt', 'text/plain', 2],
    ],
  );
  t.not(second.res.headers.get('connection'), 'close', 'a whole body keeps the connection');

  // Not multipart: the route gets the body as usual.
  const plain = await post(`${server.url}/upload`, Buffer.from('just bytes'), 'application/octet-stream');
  t.same(plain.json, { form: null, rawBodyBytes: 10 });
});

t.test('every limit stops the read, removes what was written and closes the connection', async (t) => {
  const server = await rustTransport.listen(withMultipart(multipartApi().compile(), ROUTES), { port: 0 });
  t.teardown(() => server.close({ graceMs: 1000 }));
  const file = (name: string, size: number): Part => ({
    name,
    filename: `${name}.bin`,
    data: randomBytes(size),
  });
  const field = (name: string, value = 'v'): Part => ({ name, value });
  const cases: [string, string, Buffer, keyof MultipartLimits | 'bodyLimit'][] = [
    ['a file one byte over fileSize', '/upload', encode([file('a', 500), file('b', 1001)]), 'fileSize'],
    ['one file more than files', '/upload', encode([file('a', 900), file('b', 900), file('c', 1)]), 'files'],
    [
      'one field more than fields',
      '/upload',
      encode([field('a'), field('b'), field('c'), field('d')]),
      'fields',
    ],
    ['a value one byte over fieldSize', '/upload', encode([field('a', 'x'.repeat(65))]), 'fieldSize'],
    ['one part more than parts', '/upload-few', encode([file('a', 10), field('b'), field('c')]), 'parts'],
    ['a body over bodyLimit', '/upload-few', encode([file('a', BODY_LIMIT)]), 'bodyLimit'],
  ];
  for (const [what, path, body, limit] of cases) {
    const { res, json } = await post(`${server.url}${path}`, body, FORM_TYPE);
    const form = json.form;
    t.equal(form?.ok, false, what);
    t.equal(form && !form.ok ? form.limit : undefined, limit, `${what}: names ${limit}`);
    t.match(
      form && !form.ok ? form.message : '',
      new RegExp(`this route's ${limit} limit`),
      `${what}: says which`,
    );
    t.equal(res.headers.get('connection'), 'close', `${what}: the unread rest closes the connection`);
    // Removed before JavaScript heard of the failure: no wait needed.
    t.same(leftovers(), [], `${what}: files written so far are removed`);
  }
  // Just within every limit passes.
  const within = await post(
    `${server.url}/upload`,
    encode([file('a', 1000), field('b', 'x'.repeat(64))]),
    FORM_TYPE,
  );
  t.equal(within.json.ok, true, 'at the limits');

  // Announced too large: answered before a byte of the body is sent.
  const announced = await exchange(
    server.port,
    `POST /upload-few HTTP/1.1\r\nHost: x\r\nContent-Type: ${FORM_TYPE}\r\nContent-Length: ${BODY_LIMIT + 1}\r\n\r\n`,
    1,
  );
  const early = JSON.parse(announced.responses[0]?.body.toString() ?? '{}') as Answer;
  t.equal(early.form?.ok === false && early.form.limit, 'bodyLimit', 'announced over bodyLimit');

  // Chunked, so only counting finds it.
  const big = encode([file('a', BODY_LIMIT)]);
  const chunked = await exchange(
    server.port,
    [
      `POST /upload-few HTTP/1.1\r\nHost: x\r\nContent-Type: ${FORM_TYPE}\r\nTransfer-Encoding: chunked\r\n\r\n`,
      `${big.length.toString(16)}\r\n`,
      Buffer.concat([big, Buffer.from('\r\n0\r\n\r\n')]),
    ],
    1,
  );
  const counted = JSON.parse(chunked.responses[0]?.body.toString() ?? '{}') as Answer;
  t.equal(counted.form?.ok === false && counted.form.limit, 'bodyLimit', 'chunked over bodyLimit');
  t.same(leftovers(), []);
});

t.test('a malformed body is ok:false without a limit; a stalled one is 408', async (t) => {
  const server = await rustTransport.listen(withMultipart(multipartApi().compile(), ROUTES), {
    port: 0,
    bodyTimeout: 300,
  });
  t.teardown(() => server.close({ graceMs: 1000 }));
  const noBoundary = await post(
    `${server.url}/upload`,
    encode([{ name: 'a', value: 'b' }]),
    'multipart/form-data',
  );
  t.equal(noBoundary.json.form?.ok, false);
  t.equal(noBoundary.json.form && 'limit' in noBoundary.json.form, false, 'no limit named');
  t.match(noBoundary.json.form && !noBoundary.json.form.ok ? noBoundary.json.form.message : '', /boundary/);

  const truncated = encode([{ name: 'f', filename: 'f.bin', data: randomBytes(100) }], { close: false });
  const cut = await post(`${server.url}/upload`, truncated, FORM_TYPE);
  t.equal(cut.json.form?.ok, false, 'no closing boundary');
  t.match(cut.json.form && !cut.json.form.ok ? cut.json.form.message : '', /malformed/);
  t.same(leftovers(), [], 'the partial file is removed');

  // Head and half a file, then silence: Rust answers 408 and removes the partial file.
  const body = encode([{ name: 'f', filename: 'f.bin', data: randomBytes(900) }]);
  const conn = await RawConnection.open(server.port);
  t.teardown(() => conn.destroy());
  conn.write(
    `POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: ${FORM_TYPE}\r\nContent-Length: ${body.length}\r\n\r\n`,
  );
  conn.write(body.subarray(0, 600));
  t.ok(await until(() => leftovers().length === 1), 'the file is being written');
  const [stalled] = await conn.waitForResponses(1, 5000);
  t.equal(stalled?.status, 408);
  t.same(leftovers(), [], 'removed on the timeout');
});

t.test('a client gone before the handler answered: files stay until it does', async (t) => {
  let release = () => {};
  const held = new Promise<void>((r) => {
    release = r;
  });
  let entered = false;
  const seen: Answer[] = [];
  const gate = () => {
    entered = true;
    return held;
  };
  const app = withMultipart(multipartApi({ gate, seen }).compile(), ROUTES);
  const server = await rustTransport.listen(app, { port: 0 });
  t.teardown(() => server.close({ graceMs: 1000 }));
  const data = randomBytes(700);
  const body = encode([{ name: 'f', filename: 'f.bin', data }]);
  const conn = await RawConnection.open(server.port);
  conn.write(
    `POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: ${FORM_TYPE}\r\nContent-Length: ${body.length}\r\n\r\n`,
  );
  conn.write(body);
  t.ok(await until(() => entered), 'the handler runs');
  conn.destroy();
  // The request is dropped in Rust once hyper sees the close; its file must outlive that.
  await new Promise((r) => setTimeout(r, 300));
  t.equal(leftovers().length, 1, 'the file stays while the handler may read it');
  release();
  t.ok(await until(() => seen.length === 1));
  t.equal(seen[0]?.files?.[0]?.sha256, sha256(data), 'the handler read it whole');
  t.ok(await until(() => leftovers().length === 0), 'removed once the handler answered');
});

/** Peak RSS growth of process `pid` around `run`: VmHWM reset first, VmRSS sampled as well. */
async function rssGrowth(pid: number, run: () => Promise<void>): Promise<{ base: number; peak: number }> {
  const status = () => readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (text: string, key: string) =>
    Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(text)?.[1] ?? 0) * 1024;
  // Writing 5 resets the peak (VmHWM) to the current RSS (Linux >= 4.0).
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const base = kib(status(), 'VmRSS');
  let sampled = base;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      sampled = Math.max(sampled, kib(status(), 'VmRSS'));
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  await run();
  sampling = false;
  await sampler;
  return { base, peak: Math.max(sampled, kib(status(), 'VmHWM')) };
}

/** Streams a multipart upload of `size` bytes through node:http, never holding it whole. */
function upload(
  port: number,
  size: number,
  path = '/upload',
): Promise<{ answer: Answer; sha: string; ms: number }> {
  const chunk = randomBytes(64 * 1024);
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="title"\r\n\r\nbig\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  const hash = createHash('sha256');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        port,
        method: 'POST',
        path,
        headers: { 'content-type': FORM_TYPE, 'content-length': head.length + size + tail.length },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (b: Buffer) => parts.push(b));
        res.on('end', () =>
          resolve({
            answer: JSON.parse(Buffer.concat(parts).toString()) as Answer,
            sha: hash.digest('hex'),
            ms: performance.now() - started,
          }),
        );
      },
    );
    req.on('error', reject);
    req.write(head);
    let sent = 0;
    const more = () => {
      while (sent < size) {
        // A different chunk each time (its first bytes count up), so a lost or repeated chunk shows.
        const piece = chunk.subarray(0, Math.min(chunk.length, size - sent));
        piece.writeUInt32BE(sent, 0);
        hash.update(piece);
        sent += piece.length;
        if (!req.write(Buffer.from(piece))) return void req.once('drain', more);
      }
      req.end(tail);
    };
    more();
  });
}

t.test('a 10 MiB upload is streamed to disk: the server process does not hold it', async (t) => {
  const script = fileURLToPath(new URL('./fixtures/multipart-server.js', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [script], { stdio: ['pipe', 'pipe', 'inherit'] });
  t.teardown(() => {
    child.stdin?.end();
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.stdout?.once('data', (b: Buffer) => resolve((JSON.parse(b.toString()) as { port: number }).port));
  });
  const pid = child.pid as number;
  // Warm up: lazily created buffers, threads and JIT code are not the upload's.
  for (let i = 0; i < 3; i++) await upload(port, MiB);

  const size = 10 * MiB;
  let got: Awaited<ReturnType<typeof upload>> | undefined;
  const { base, peak } = await rssGrowth(pid, async () => {
    got = await upload(port, size);
  });
  const file = got?.answer.files?.[0];
  t.equal(file?.size, size, 'every byte arrived');
  t.equal(file?.sha256, got?.sha, 'in order');
  t.same(got?.answer.fields, [['title', 'big']]);
  const growth = peak - base;
  t.comment(
    `10 MiB upload on rust: ${got?.ms.toFixed(0)} ms; server RSS ${(base / MiB).toFixed(1)} MiB -> peak ` +
      `${(peak / MiB).toFixed(1)} MiB (growth ${(growth / MiB).toFixed(2)} MiB)`,
  );
  t.ok(
    growth < 3 * MiB,
    `peak RSS growth ${(growth / MiB).toFixed(2)} MiB stays far below the 10 MiB upload`,
  );
  t.ok(await until(() => leftovers(pid).length === 0), 'its temp file is removed');

  // The control, measured the same way: the same upload to a route without `multipart`, whose
  // body the engine buffers whole. It shows the measurement sees a buffered upload.
  await upload(port, MiB, '/upload-few');
  let buffered: Awaited<ReturnType<typeof upload>> | undefined;
  const control = await rssGrowth(pid, async () => {
    buffered = await upload(port, size, '/upload-few');
  });
  const controlGrowth = control.peak - control.base;
  t.ok((buffered?.answer.rawBodyBytes ?? 0) > size, 'the control got the body buffered');
  t.comment(
    `control (buffered, no multipart): ${buffered?.ms.toFixed(0)} ms; growth ${(controlGrowth / MiB).toFixed(2)} MiB`,
  );
  t.ok(controlGrowth > size, 'the buffered control grows by more than the upload');
});

t.test("core's multipart route option, end to end on this engine", async (t) => {
  const api = new BoltAPI();
  api.post(
    '/docs',
    { body: s.Object({ title: s.String(), doc: Upload() }), limits: { fileSize: 100 } },
    ({ body }) => ({ title: body.title, name: body.doc.filename, size: body.doc.size }),
  );
  const app = api.compile();
  t.ok(app.routes[0]?.multipart, 'core sets CompiledRoute.multipart');
  const server = await rustTransport.listen(app, { port: 0 });
  t.teardown(() => server.close({ graceMs: 1000 }));
  const form = (size: number) => {
    const f = new FormData();
    f.append('title', 'Report');
    f.append('doc', new Blob([randomBytes(size)]), 'r.pdf');
    return f;
  };
  const ok = await fetch(`${server.url}/docs`, { method: 'POST', body: form(100) });
  t.same([ok.status, await ok.json()], [200, { title: 'Report', name: 'r.pdf', size: 100 }]);
  const over = await fetch(`${server.url}/docs`, { method: 'POST', body: form(101) });
  t.equal(over.status, 413, 'over fileSize');
  t.match(((await over.json()) as { detail: string }).detail, /fileSize/, 'names the limit');
  t.ok(await until(() => leftovers().length === 0), 'no temp file left');
});
