/**
 * Form bodies in memory (inject): content types a route takes, binding to the body schema, upload
 * objects, temp files' lifetime, the NativeMultipart an engine that parses itself hands over, and
 * the startup errors of misdeclared routes.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { AppErrorCode, BoltAPI, json, t as s, Upload } from '../src/index.js';
import type { NativeMultipart, RawRequest } from '../src/transport/contract.js';

const dir = mkdtempSync(join(tmpdir(), 'bolt-forms-unit-'));
process.env.TMPDIR = dir;
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const left = () => readdirSync(dir).filter((n) => n.startsWith('bolt-upload-'));

const Profile = s.Object({ name: s.String(), age: s.Integer(), tags: s.Array(s.String(), { default: [] }) });

function upload(entries: [string, string | Blob, string?][]): FormData {
  const data = new FormData();
  for (const [name, value, filename] of entries) {
    if (typeof value === 'string') data.append(name, value);
    else data.append(name, value, filename);
  }
  return data;
}

t.test('a JSON route stays JSON-only by default: a form is 415 with the old message', async (t) => {
  const api = new BoltAPI();
  api.post('/p', { body: Profile }, ({ body }) => body);
  const r = await api.inject({
    method: 'POST',
    url: '/p',
    body: new URLSearchParams({ name: 'a', age: '1' }),
  });
  t.equal(r.status, 415);
  t.same(r.json(), {
    detail: 'Unsupported Media Type: send the body as JSON with content-type: application/json',
  });
  t.equal(api.compile().routes[0]?.multipart, undefined, 'no multipart limits on a JSON route');
});

t.test('a route taking json and form binds both to the same schema', async (t) => {
  const api = new BoltAPI();
  api.post('/p', { body: Profile, contentTypes: ['json', 'form'] }, ({ body }) => body);
  const asJson = await api.inject({ method: 'POST', url: '/p', body: { name: 'a', age: 1 } });
  const asForm = await api.inject({
    method: 'POST',
    url: '/p',
    body: new URLSearchParams([
      ['name', 'a'],
      ['age', '1'],
      ['tags', 'x'],
      ['tags', 'y'],
    ]),
  });
  t.same(asJson.json(), { name: 'a', age: 1, tags: [] });
  t.same(asForm.json(), { name: 'a', age: 1, tags: ['x', 'y'] });
  const other = await api.inject({
    method: 'POST',
    url: '/p',
    body: 'x',
    headers: { 'content-type': 'text/plain' },
  });
  t.equal(other.status, 415);
  t.match(other.json(), {
    detail:
      'Unsupported Media Type: this route takes application/json, application/x-www-form-urlencoded (got text/plain)',
  });
});

t.test('an empty form is a form without fields, not a missing body', async (t) => {
  const api = new BoltAPI();
  api.post(
    '/f',
    {
      body: s.Object({ agree: s.Boolean({ default: false }), note: s.Optional(s.String()) }),
      contentTypes: ['form'],
    },
    ({ body }) => body,
  );
  const r = await api.inject({
    method: 'POST',
    url: '/f',
    body: '',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  t.same([r.status, r.json()], [200, { agree: false }]);
  const none = await api.inject({ method: 'POST', url: '/f' });
  t.same(
    [none.status, none.json()],
    [422, { detail: [{ loc: ['body'], msg: 'Field required', type: 'missing' }] }],
  );
});

t.test('multipart binding: typed fields, one file, several files, 422 located under body', async (t) => {
  const api = new BoltAPI();
  api.post(
    '/u',
    {
      body: s.Object({
        n: s.Integer(),
        avatar: Upload(),
        docs: s.Optional(s.Array(Upload(), { maxItems: 2 })),
      }),
    },
    async ({ body }) => ({
      n: body.n,
      avatar: {
        name: body.avatar.filename,
        type: body.avatar.contentType,
        text: await body.avatar.bytes().then(String),
      },
      docs: body.docs?.map((d) => d.filename) ?? null,
    }),
  );
  const ok = await api.inject({
    method: 'POST',
    url: '/u',
    body: upload([
      ['n', '7'],
      ['avatar', new Blob(['png!'], { type: 'image/png' }), 'me.png'],
      ['docs', new Blob(['1']), 'a.pdf'],
      ['docs', new Blob(['2']), 'b.pdf'],
    ]),
  });
  t.same(ok.json(), {
    n: 7,
    avatar: { name: 'me.png', type: 'image/png', text: 'png!' },
    docs: ['a.pdf', 'b.pdf'],
  });

  const bad = await api.inject({
    method: 'POST',
    url: '/u',
    body: upload([
      ['n', 'seven'],
      ['avatar', 'not a file'],
      ['docs', new Blob(['1']), 'a'],
      ['docs', new Blob(['2']), 'b'],
      ['docs', new Blob(['3']), 'c'],
    ]),
  });
  t.equal(bad.status, 422);
  t.same(
    bad.json<{ detail: { loc: unknown[]; type: string }[] }>().detail.map((d) => [d.loc, d.type]),
    [
      [['body', 'avatar'], 'file_type'],
      [['body', 'n'], 'int_parsing'],
      [['body', 'docs'], 'too_long'],
    ],
  );
  const twoAvatars = await api.inject({
    method: 'POST',
    url: '/u',
    body: upload([
      ['n', '1'],
      ['avatar', new Blob(['a']), 'a'],
      ['avatar', new Blob(['b']), 'b'],
    ]),
  });
  t.match(twoAvatars.json(), { detail: [{ loc: ['body', 'avatar'], type: 'too_many_files' }] });
  t.ok(await until(() => left().length === 0), 'every temp file removed, refused requests included');
});

t.test('temp files live until the response finished, then are removed', async (t) => {
  const api = new BoltAPI();
  let path = '';
  api.post('/u', { body: s.Object({ f: Upload() }) }, ({ body }) => {
    path = body.f.path;
    t.ok(existsSync(path), 'the file is on disk in the handler');
    t.equal(body.f.size, 3);
    return { path };
  });
  const r = await api.inject({
    method: 'POST',
    url: '/u',
    body: upload([['f', new Blob(['abc']), 'a.txt']]),
  });
  t.equal(r.status, 200);
  t.ok(path.startsWith(dir), 'in os.tmpdir()');
  t.ok(await until(() => !existsSync(path)), 'removed after the response');
});

t.test(
  'with app-wide hooks (every request through CompiledApp.handle) uploads are removed too',
  async (t) => {
    const api = new BoltAPI();
    api.addHook('onSend', (_request, response) => ({
      ...response,
      headers: [...response.headers, 'x-seen', '1'],
    }));
    let path = '';
    api.post('/u', { body: s.Object({ f: Upload() }) }, ({ body }) => {
      path = body.f.path;
      return { size: body.f.size };
    });
    t.ok(api.compile().hooksOnEveryRequest);
    const r = await api.inject({
      method: 'POST',
      url: '/u',
      body: upload([['f', new Blob(['abcd']), 'a.txt']]),
    });
    t.same([r.status, r.json(), r.headers['x-seen']], [200, { size: 4 }, '1']);
    t.ok(await until(() => path !== '' && !existsSync(path)), 'removed after the response');
  },
);

t.test('a handler that throws still has its uploads removed', async (t) => {
  const api = new BoltAPI();
  let path = '';
  api.post('/u', { body: s.Object({ f: Upload() }), onResponse: () => undefined }, ({ body }) => {
    path = body.f.path;
    throw new Error('boom');
  });
  const r = await api.inject({
    method: 'POST',
    url: '/u',
    body: upload([['f', new Blob(['abc']), 'a.txt']]),
  });
  t.equal(r.status, 500);
  t.ok(await until(() => !existsSync(path)), 'removed after the 500');
});

/** A RawRequest as the Rust engine hands it: no body bytes, the parsed multipart in `native`. */
function nativeRequest(multipart: NativeMultipart): RawRequest {
  return {
    method: 'POST',
    path: '/u',
    query: '',
    headers: { 'content-type': 'multipart/form-data; boundary=x' },
    body: undefined,
    native: { multipart },
  };
}

t.test('a NativeMultipart (files already on disk) binds like a parsed one', async (t) => {
  const api = new BoltAPI();
  api.post(
    '/u',
    {
      body: s.Object({ title: s.String(), n: s.Array(s.Integer()), file: s.Array(Upload()) }),
      limits: { files: 3 },
    },
    async ({ body }) => ({
      title: body.title,
      n: body.n,
      files: await Promise.all(
        body.file.map(async (f) => ({
          field: f.fieldName,
          name: f.filename,
          type: f.contentType,
          size: f.size,
          text: String(await f.bytes()),
        })),
      ),
    }),
  );
  const app = api.compile();
  const route = app.routes[0];
  t.same(route?.multipart, {
    fileSize: 10 * 1024 * 1024,
    files: 3,
    fields: 100,
    fieldSize: 64 * 1024,
    parts: 200,
  });
  t.equal(route?.bodyLimit, 50 * 1024 * 1024, 'a multipart route takes 50 MiB in all by default');
  const engineDir = mkdtempSync(join(tmpdir(), 'bolt-native-'));
  t.teardown(() => rmSync(engineDir, { recursive: true, force: true }));
  const a = join(engineDir, 'a');
  writeFileSync(a, 'hello');
  const reply = await app.handle(
    nativeRequest({
      ok: true,
      fields: [
        ['title', 'T'],
        ['n', '1'],
        ['n', '2'],
      ],
      files: [{ field: 'file', filename: 'a.txt', contentType: 'text/plain', size: 5, path: a }],
    }),
  );
  t.equal(reply.status, 200);
  t.same(JSON.parse(reply.body as string), {
    title: 'T',
    n: [1, 2],
    files: [{ field: 'file', name: 'a.txt', type: 'text/plain', size: 5, text: 'hello' }],
  });
  reply.finished?.(false);
  await new Promise((r) => setTimeout(r, 50));
  t.ok(existsSync(a), 'the engine wrote the file, so the engine removes it, not Bolt');

  const over = await app.handle(
    nativeRequest({ ok: false, limit: 'fileSize', message: 'multer: field too long' }),
  );
  t.equal(over.status, 413);
  t.same(JSON.parse(over.body as string), {
    detail: 'File too large: over the 10 MiB fileSize limit of this route',
  });
  const total = await app.handle(nativeRequest({ ok: false, limit: 'bodyLimit', message: 'too big' }));
  t.same(JSON.parse(total.body as string), {
    detail: 'Request body too large: over the 50 MiB bodyLimit limit of this route',
  });
  const broken = await app.handle(
    nativeRequest({ ok: false, message: 'Malformed multipart body: no boundary' }),
  );
  t.equal(broken.status, 400);
  t.same(JSON.parse(broken.body as string), { detail: 'Malformed multipart body: no boundary' });
  const invalid = await app.handle(nativeRequest({ ok: true, fields: [['n', 'x']], files: [] }));
  t.equal(invalid.status, 422);
  t.same(
    JSON.parse(invalid.body as string).detail.map((d: { loc: unknown[] }) => d.loc),
    [
      ['body', 'title'],
      ['body', 'n', 0],
      ['body', 'file'],
    ],
  );
});

t.test('a hook that answers first leaves the streamed body unread', async (t) => {
  const api = new BoltAPI();
  api.post(
    '/u',
    { body: s.Object({ f: Upload() }), onRequest: () => json({ detail: 'no' }, { status: 401 }) },
    () => 'x',
  );
  let pulled = 0;
  const raw: RawRequest = {
    method: 'POST',
    path: '/u',
    query: '',
    headers: { 'content-type': 'multipart/form-data; boundary=x' },
    body: undefined,
    bodyStream: (async function* () {
      pulled++;
      yield new Uint8Array(10);
    })(),
  };
  const reply = await api.compile().handle(raw);
  t.equal(reply.status, 401);
  t.equal(pulled, 0, 'not a byte read');
});

t.test('routes declared wrongly fail at startup, naming the route and what to change', async (t) => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ body: s.Object({ f: Upload() }), contentTypes: ['json'] }, /only multipart\/form-data carries/],
    [{ body: s.Object({ f: Upload() }), contentTypes: ['json', 'multipart'] }, /a JSON body cannot carry/],
    [{ body: Profile, limits: { files: 1 } }, /limits apply to multipart bodies/],
    [{ contentTypes: ['form'] }, /contentTypes needs a body schema/],
    [{ body: Profile, contentTypes: ['xml'] }, /the kinds are json, form and multipart/],
    [
      { body: Profile, contentTypes: ['multipart'], limits: { fileSize: -1 } },
      /limits.fileSize must be a whole number/,
    ],
    [{ body: s.Object({ nested: s.Object({ a: s.String() }) }), contentTypes: ['form'] }, /POST \/x/],
  ];
  for (const [options, message] of cases) {
    const api = new BoltAPI();
    api.post('/x', options as never, (() => 'x') as never);
    t.throws(() => api.compile(), { message });
  }
  const api = new BoltAPI();
  api.post('/x', { body: Profile, limits: { files: 1 } } as never, (() => 'x') as never);
  t.throws(() => api.compile(), { code: AppErrorCode.ROUTE_OPTION_INVALID });
});

async function until(check: () => boolean, ms = 3000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}
