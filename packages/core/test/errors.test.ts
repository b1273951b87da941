/** Pins the error registry and keeps ERRORS.md in sync with it, both ways. */
import { readFileSync } from 'node:fs';
import { SchemaErrorCode } from '@bolt/schema';
import t from 'tap';
import { AppErrorCode, BoltAPI, HttpErrorCode } from '../src/index.js';
import { RuntimeErrorCode } from '../src/runtime/index.js';

const doc = readFileSync(new URL('../ERRORS.md', import.meta.url), 'utf8');
const documented = new Set(doc.match(/BOLT_ERR_[A-Z_]+/g));
const declared = [
  ...Object.values(AppErrorCode),
  ...Object.values(RuntimeErrorCode),
  ...Object.values(SchemaErrorCode),
  ...Object.values(HttpErrorCode).map((e) => e.code),
];

t.test('every declared code is documented, and only those', async (t) => {
  for (const code of declared) t.ok(documented.has(code), `${code} is in ERRORS.md`);
  t.same(
    [...documented].filter((c) => !declared.includes(c as never)),
    [],
    'ERRORS.md names no unknown code',
  );
});

t.test('documented HTTP statuses are the ones Bolt answers', async (t) => {
  for (const { code, status } of Object.values(HttpErrorCode)) {
    t.match(doc, new RegExp(`\`${code}\` \\| ${status} \\|`), `${code} documented with ${status}`);
  }
  const api = new BoltAPI();
  api.get('/', () => 1);
  t.equal((await api.inject({ url: '/missing' })).status, HttpErrorCode.NOT_FOUND.status);
  t.equal((await api.inject({ method: 'POST', url: '/' })).status, HttpErrorCode.METHOD_NOT_ALLOWED.status);
});
