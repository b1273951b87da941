/**
 * Static files over real sockets on every engine: types, validators, 304, ranges, index.html, and
 * a 404 for every way out of the root (one test per encoding). Raw sockets send paths exactly as
 * written: fetch would normalise `..` and backslashes away before they reach the server.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exchange } from '@bolt/conformance';
import { BoltAPI } from '@bolt/core';
import type { RunningServer } from '@bolt/core/transport';
import t from 'tap';
import { serveStatic } from '../src/index.js';
import { onEveryEngine } from './engines.js';

const base = mkdtempSync(join(tmpdir(), 'bolt-static-'));
const root = join(base, 'public');
mkdirSync(join(root, 'docs'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html><h1>home</h1>');
writeFileSync(join(root, 'style.css'), 'body { color: #333; }\n');
writeFileSync(join(root, 'docs', 'index.html'), '<h1>docs</h1>');
writeFileSync(join(root, 'digits.txt'), '0123456789');
writeFileSync(join(root, '.env'), 'SECRET=1');
writeFileSync(join(base, 'secret.txt'), 'outside the root');
symlinkSync(join(base, 'secret.txt'), join(root, 'escape.txt'));
symlinkSync(join(root, 'style.css'), join(root, 'alias.css'));

const app = () => new BoltAPI({ plugins: [serveStatic({ root, prefix: '/static' })] });

async function raw(server: RunningServer, path: string, headers = '') {
  const got = await exchange(
    server.port,
    `GET ${path} HTTP/1.1\r\nHost: x\r\n${headers}Connection: close\r\n\r\n`,
    1,
  );
  const res = got.responses[0];
  if (!res) throw new Error(`no answer for ${path}`);
  return res;
}

onEveryEngine(t, 'files, types and validators', app, async (t, server) => {
  const css = await raw(server, '/static/style.css');
  t.equal(css.status, 200);
  t.equal(css.headers['content-type'], 'text/css; charset=utf-8');
  t.equal(css.body.toString(), 'body { color: #333; }\n');
  t.match(css.headers.etag, /^W\/"/);
  t.ok(css.headers['last-modified']);
  t.equal(css.headers['accept-ranges'], 'bytes');
  const home = await raw(server, '/static/');
  t.equal(home.status, 200);
  t.equal(home.body.toString(), '<!doctype html><h1>home</h1>', 'index.html of the root');
  const docs = await raw(server, '/static/docs/');
  t.equal(docs.body.toString(), '<h1>docs</h1>', 'index.html of a folder');
  const slash = await raw(server, '/static/docs');
  t.equal(slash.status, 308);
  t.equal(slash.headers.location, '/static/docs/');
  t.equal((await raw(server, '/static/alias.css')).status, 200, 'a symlink inside the root is served');
  t.equal((await raw(server, '/static/missing.css')).status, 404);
});

onEveryEngine(t, '304 for a current copy', app, async (t, server) => {
  const first = await raw(server, '/static/style.css');
  const etag = first.headers.etag as string;
  const byTag = await raw(server, '/static/style.css', `If-None-Match: ${etag}\r\n`);
  t.equal(byTag.status, 304);
  t.equal(byTag.body.length, 0);
  t.equal(byTag.headers.etag, etag);
  const byDate = await raw(
    server,
    '/static/style.css',
    `If-Modified-Since: ${first.headers['last-modified']}\r\n`,
  );
  t.equal(byDate.status, 304);
  const stale = await raw(server, '/static/style.css', 'If-None-Match: W/"other"\r\n');
  t.equal(stale.status, 200);
});

onEveryEngine(t, 'ranges: 206 and 416', app, async (t, server) => {
  const part = await raw(server, '/static/digits.txt', 'Range: bytes=2-5\r\n');
  t.equal(part.status, 206);
  t.equal(part.body.toString(), '2345');
  t.equal(part.headers['content-range'], 'bytes 2-5/10');
  t.equal(part.headers['content-length'], '4');
  const suffix = await raw(server, '/static/digits.txt', 'Range: bytes=-3\r\n');
  t.equal(suffix.body.toString(), '789');
  const open = await raw(server, '/static/digits.txt', 'Range: bytes=7-\r\n');
  t.equal(open.body.toString(), '789');
  const beyond = await raw(server, '/static/digits.txt', 'Range: bytes=10-20\r\n');
  t.equal(beyond.status, 416);
  t.equal(beyond.headers['content-range'], 'bytes */10');
  const many = await raw(server, '/static/digits.txt', 'Range: bytes=0-1, 4-5\r\n');
  t.equal(many.status, 200, 'several ranges: the whole file');
  t.equal(many.body.toString(), '0123456789');
});

const ESCAPES: Array<[string, string]> = [
  ['dot-dot', '/static/../secret.txt'],
  ['dot-dot deep', '/static/docs/../../secret.txt'],
  ['%2e%2e', '/static/%2e%2e/secret.txt'],
  ['%2E%2E upper case', '/static/%2E%2E/secret.txt'],
  ['.%2e mixed', '/static/.%2e/secret.txt'],
  ['%2f inside a segment', '/static/..%2fsecret.txt'],
  ['%2F upper case', '/static/docs%2F..%2F..%2Fsecret.txt'],
  ['backslash', '/static/..\\secret.txt'],
  ['%5c', '/static/..%5csecret.txt'],
  ['NUL', '/static/style.css%00.png'],
  ['absolute path', '/static//etc/passwd'],
  ['absolute path encoded', '/static/%2fetc%2fpasswd'],
  ['double-encoded', '/static/%252e%252e/secret.txt'],
  ['dotfile', '/static/.env'],
  ['dotfile encoded', '/static/%2eenv'],
  ['symlink out of the root', '/static/escape.txt'],
  ['bad percent-encoding', '/static/%zz'],
];

onEveryEngine(t, 'no way out of the root', app, async (t, server) => {
  for (const [name, path] of ESCAPES) {
    const res = await raw(server, path);
    // Engines may refuse some of these as bad requests before routing; none may serve a file.
    t.ok(res.status === 404 || res.status === 400, `${name}: ${path} -> ${res.status}`);
    t.notMatch(res.body.toString(), /outside the root|SECRET|root:/, `${name}: nothing leaked`);
    if (res.status !== 404) t.comment(`${name} answered ${res.status} by the engine`);
  }
});

t.test('a root that is not a directory is refused at once', async (t) => {
  t.throws(() => serveStatic({ root: join(base, 'secret.txt') }), {
    code: 'BOLT_ERR_MIDDLEWARE_STATIC_ROOT_INVALID',
  });
});
