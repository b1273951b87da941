/**
 * Form and upload cases over a real socket (the app of forms-app.ts): typed and repeated fields,
 * 422 locations, 415, each multipart limit's 413, temp files' lifetime. Uploads land in a temp
 * directory of the run's own (TMPDIR, read by Node's os.tmpdir() and Rust's env::temp_dir()), so
 * "no temp file left" is checked file by file.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import type { CaseContext } from '../target.js';

/** Points os.tmpdir() (read on every call) at a fresh directory; returns it. */
export function privateTmpdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bolt-forms-test-'));
  process.env.TMPDIR = dir;
  return dir;
}

interface Reply {
  status: number;
  json: Record<string, unknown> & { detail?: unknown };
}

async function post(
  url: string,
  body: FormData | URLSearchParams | string,
  headers?: Record<string, string>,
) {
  // A string goes as an urlencoded form unless a content-type is given.
  const given =
    typeof body === 'string' ? { 'content-type': 'application/x-www-form-urlencoded', ...headers } : headers;
  const res = await fetch(url, { method: 'POST', body, ...(given ? { headers: given } : {}) });
  return { status: res.status, json: (await res.json()) as Reply['json'] };
}

function form(entries: [string, string | [string, string | Uint8Array, string?]][]): FormData {
  const data = new FormData();
  for (const [name, value] of entries) {
    if (typeof value === 'string') data.append(name, value);
    else data.append(name, new Blob([value[1]], { type: value[2] ?? '' }), value[0]);
  }
  return data;
}

/** Sends a multipart body chunked (no content-length), so only the parser can see its size. */
function postChunked(url: string, data: FormData): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const encoded = new Response(data);
    void encoded.arrayBuffer().then((bytes) => {
      const req = request(url, {
        method: 'POST',
        headers: {
          'content-type': encoded.headers.get('content-type') as string,
          'transfer-encoding': 'chunked',
        },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
      });
      req.on('error', reject);
      const buf = Buffer.from(bytes);
      for (let at = 0; at < buf.length; at += 500) req.write(buf.subarray(at, at + 500));
      req.end();
    });
  });
}

async function until(check: () => boolean, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}

const leftIn = (dir: string) => readdirSync(dir).filter((n) => n.startsWith('bolt-upload-'));

/** Runs every case against `ctx.server` (serving forms-app.ts); `dir` is the tmpdir uploads go to. */
export async function testForms(t: Test, ctx: CaseContext, dir: string): Promise<void> {
  const base = ctx.server.url;
  const engine = ctx.target.name;

  t.test(`${engine}: urlencoded fields are typed; repeated fields make arrays`, async (t) => {
    const r = await post(
      `${base}/form`,
      new URLSearchParams([
        ['name', 'Ann Lee'],
        ['age', '30'],
        ['tags', 'a'],
        ['tags', 'b c'],
        ['agree', 'on'],
      ]),
    );
    t.equal(r.status, 200);
    t.same(r.json, { name: 'Ann Lee', age: 30, tags: ['a', 'b c'], agree: true });
    const one = await post(`${base}/form`, 'name=Bo&age=1&tags=x');
    t.same(one.json, { name: 'Bo', age: 1, tags: ['x'] }, 'one value for an array field is a one-item array');
  });

  t.test(`${engine}: urlencoded 422 names each field under body`, async (t) => {
    const r = await post(`${base}/form`, new URLSearchParams([['age', 'x']]));
    t.equal(r.status, 422);
    const locs = (r.json.detail as { loc: unknown[] }[]).map((d) => d.loc);
    t.same(locs, [
      ['body', 'name'],
      ['body', 'age'],
    ]);
  });

  t.test(`${engine}: 415 lists the content types the route takes`, async (t) => {
    const json = await post(`${base}/form`, '{"name":"a"}', { 'content-type': 'application/json' });
    t.equal(json.status, 415);
    t.match(json.json.detail, /takes application\/x-www-form-urlencoded \(got application\/json\)/);
    const urlencoded = await post(`${base}/upload`, 'title=x');
    t.equal(urlencoded.status, 415);
    t.match(urlencoded.json.detail, /takes multipart\/form-data/);
  });

  t.test(`${engine}: multipart fields typed, files as uploads, repeated files as an array`, async (t) => {
    const r = await post(
      `${base}/upload`,
      form([
        ['title', 'Holiday'],
        ['count', '2'],
        ['file', ['a.txt', 'hello', 'text/plain']],
        ['file', ['b ü.bin', 'world!']],
      ]),
    );
    t.equal(r.status, 200);
    const files = r.json.files as Record<string, unknown>[];
    t.match(r.json, { title: 'Holiday', count: 2 });
    t.match(files, [
      {
        fieldName: 'file',
        filename: 'a.txt',
        contentType: 'text/plain',
        size: 5,
        text: 'hello',
        existed: true,
      },
      {
        fieldName: 'file',
        filename: 'b ü.bin',
        contentType: 'application/octet-stream',
        size: 6,
        text: 'world!',
      },
    ]);
    t.ok(
      await until(() => files.every((f) => !existsSync(f.path as string))),
      'temp files removed after the response',
    );
  });

  t.test(`${engine}: multipart 422 locations`, async (t) => {
    const r = await post(
      `${base}/upload`,
      form([
        ['count', 'x'],
        ['title', 'T'],
      ]),
    );
    t.equal(r.status, 422);
    t.same(
      (r.json.detail as { loc: unknown[] }[]).map((d) => d.loc),
      [
        ['body', 'count'],
        ['body', 'file'],
      ],
    );
  });

  const file = (n: number): [string, [string, string]] => ['file', [`f${n}.txt`, 'x']];
  const limitCases: [string, [string, string | [string, string, string?]][], RegExp][] = [
    [
      'fileSize',
      [
        ['title', 'T'],
        ['file', ['big.bin', 'x'.repeat(1025)]],
      ],
      /^File too large: over the 1 KiB fileSize limit of this route$/,
    ],
    [
      'files',
      [['title', 'T'], file(1), file(2), file(3)],
      /^Too many files: over the 2 files limit of this route$/,
    ],
    [
      'fields',
      [
        ['title', 'T'],
        ['a', '1'],
        ['b', '2'],
        ['c', '3'],
      ],
      /^Too many fields: over the 3 fields limit of this route$/,
    ],
    [
      'fieldSize',
      [['title', 'x'.repeat(101)], file(1)],
      /^Field value too large: over the 100 bytes fieldSize limit of this route$/,
    ],
    [
      'parts',
      [['title', 'T'], ['a', '1'], ['b', '2'], file(1), file(2)],
      /^Too many parts: over the 4 parts limit of this route$/,
    ],
  ];
  for (const [limit, entries, message] of limitCases) {
    t.test(`${engine}: over the ${limit} limit: 413 naming it, no temp file left`, async (t) => {
      const r = await post(`${base}/upload`, form(entries));
      t.equal(r.status, 413);
      t.match(r.json.detail, message);
      t.ok(await until(() => leftIn(dir).length === 0), 'no temp file left');
      const after = await post(`${base}/form`, 'name=a&age=1');
      t.equal(after.status, 200, 'the server keeps serving');
    });
  }
  t.test(`${engine}: over bodyLimit: 413 when announced, and when only the parser sees it`, async (t) => {
    const entries = form([
      ['title', 'T'],
      ['file', ['a', 'x'.repeat(1000)]],
      ['file', ['b', 'y'.repeat(1000)]],
      ['count', '1'],
    ]);
    const announced = await post(`${base}/upload`, entries);
    t.equal(announced.status, 413);
    const chunked = await postChunked(`${base}/upload`, entries);
    t.equal(chunked.status, 413);
    t.match(chunked.json.detail, /^Request body too large: over the 2 KiB bodyLimit limit of this route$/);
    t.ok(await until(() => leftIn(dir).length === 0), 'no temp file left');
  });

  t.test(`${engine}: a file of exactly fileSize is taken (the limit is "over", not "at")`, async (t) => {
    const r = await post(
      `${base}/upload`,
      form([
        ['title', 'T'],
        ['file', ['edge.bin', 'z'.repeat(1024)]],
      ]),
    );
    t.equal(r.status, 200);
    t.equal((r.json.files as { size: number }[])[0]?.size, 1024);
  });

  t.test(`${engine}: a hook that refuses answers before the upload is read`, async (t) => {
    const r = await post(`${base}/guarded`, form([['file', ['a.bin', 'x'.repeat(200_000)]]]));
    t.equal(r.status, 401);
    const ok = await post(`${base}/guarded`, form([['file', ['a.bin', 'abc']]]), { authorization: 'yes' });
    t.same(ok, { status: 200, json: { size: 3 } });
    t.ok(await until(() => leftIn(dir).length === 0), 'no temp file left');
  });

  t.test(`${engine}: a client gone mid-upload leaves no temp file`, async (t) => {
    const data = new Response(form([['file', ['a.bin', 'q'.repeat(2_000_000)]]]));
    const bytes = Buffer.from(await data.arrayBuffer());
    await new Promise<void>((resolve) => {
      const req = request(`${base}/big`, {
        method: 'POST',
        headers: {
          'content-type': data.headers.get('content-type') as string,
          'content-length': bytes.length,
        },
      });
      req.on('error', () => resolve());
      req.write(bytes.subarray(0, 600_000), () => {
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 100);
      });
    });
    t.ok(await until(() => leftIn(dir).length === 0), 'the partial temp file is removed');
    const after = await post(`${base}/form`, 'name=a&age=1');
    t.equal(after.status, 200, 'the server keeps serving');
  });

  t.test(`${engine}: a 10 MiB file arrives whole (sha256 over the temp file)`, async (t) => {
    const content = Buffer.alloc(10 * 1024 * 1024);
    for (let i = 0; i < content.length; i += 4096) content.writeUInt32LE(i, i);
    const r = await post(`${base}/big`, form([['file', ['ten.bin', content]]]));
    t.equal(r.status, 200);
    t.equal(r.json.sha256, createHash('sha256').update(content).digest('hex'));
  });
}
