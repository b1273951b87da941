/**
 * Loading uWebSockets.js: the native build loads here, an installed official package wins, and a
 * missing build fails with BOLT_ERR_UWS_NATIVE_UNAVAILABLE and advice instead of a JS fallback.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { BoltUwsError, loadNative, UwsErrorCode } from '../src/index.js';

t.test('loads the native build of @trufflesuite/uws-js-unofficial for this Node', async (t) => {
  const { uws, source, path } = loadNative();
  t.equal(source, '@trufflesuite/uws-js-unofficial');
  t.match(
    path,
    new RegExp(`binaries/uws_${process.platform}_${process.arch}_${process.versions.modules}\\.node$`),
  );
  t.equal(typeof uws.App, 'function', 'App() is there');
  t.equal(typeof uws.us_listen_socket_close, 'function', 'native listen-socket API is there');
  t.equal(loadNative(), loadNative(), 'cached per thread');
});

t.test('a missing build fails loudly with the versions that work and how to install', async (t) => {
  const error = t.throws(() => loadNative({ abi: '999' })) as BoltUwsError;
  t.type(error, BoltUwsError);
  t.equal(error.code, UwsErrorCode.NATIVE_UNAVAILABLE);
  t.match(error.message, /Node with module ABI 999 on linux-x64|module ABI 999/);
  t.match(error.message, /Node 16\/Node 18\/Node 20 on linux-x64/, 'names the Node versions that work');
  t.match(error.message, /darwin-arm64/, 'names the platforms that work');
  t.match(
    error.message,
    /pnpm add uWebSockets\.js@github:uNetworking\/uWebSockets\.js/,
    'says how to install',
  );
  t.match(error.message, /never runs on the slow JS fallback/);
});

t.test('another platform without a build fails the same way', async (t) => {
  const error = t.throws(() => loadNative({ platform: 'freebsd', arch: 'x64' })) as BoltUwsError;
  t.equal(error.code, UwsErrorCode.NATIVE_UNAVAILABLE);
  t.match(error.message, /on freebsd-x64/);
});

t.test('nothing installed at all: the same error, saying what is missing', async (t) => {
  // tap puts pnpm's hoisted store on NODE_PATH, where the package would still resolve: run without it.
  const empty = mkdtempSync(join(tmpdir(), 'bolt-uws-none-'));
  const script = `import('${new URL('../dist/index.js', import.meta.url).href}').then((m) => {
    try { m.loadNative({ resolveFrom: ${JSON.stringify(empty)} }); console.log('{}'); }
    catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); } });`;
  const env = { ...process.env };
  delete env.NODE_PATH;
  const out = execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8' });
  const error = JSON.parse(out) as { code?: string; message?: string };
  t.equal(error.code, UwsErrorCode.NATIVE_UNAVAILABLE);
  t.match(error.message, /@trufflesuite\/uws-js-unofficial is not installed/);
});

t.test('an installed official uWebSockets.js is preferred', async (t) => {
  // The official package's layout: an entry that requires uws_<platform>_<arch>_<abi>.node beside it.
  const root = mkdtempSync(join(tmpdir(), 'bolt-uws-official-'));
  const pkg = join(root, 'node_modules', 'uWebSockets.js');
  mkdirSync(pkg, { recursive: true });
  const binary = `uws_${process.platform}_${process.arch}_${process.versions.modules}.node`;
  copyFileSync(loadNative().path, join(pkg, binary));
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'uWebSockets.js', main: 'uws.js' }));
  writeFileSync(
    join(pkg, 'uws.js'),
    // Also reports what the addon would read from UWS_HTTP_MAX_HEADERS_SIZE when it loads.
    "module.exports = { ...require('./uws_' + process.platform + '_' + process.arch + '_' + process.versions.modules + '.node'), headBuffer: process.env.UWS_HTTP_MAX_HEADERS_SIZE };\n",
  );
  const loaded = loadNative({ resolveFrom: root });
  t.equal(loaded.source, 'uWebSockets.js');
  t.equal(loaded.path, join(pkg, 'uws.js'));
  t.equal(typeof loaded.uws.App, 'function');
  t.equal(
    (loaded.uws as unknown as { headBuffer?: string }).headBuffer,
    '65536',
    'split request heads up to 64 KiB are buffered, so Bolt answers 431 past maxHeaderSize',
  );
});
