import { readFileSync } from 'node:fs';
import tap from 'tap';
import * as api from '../src/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

tap.test('the error codes are pinned', async (t) => {
  t.strictSame(Object.keys(api.ERROR_CODES).sort(), [
    'BOLT_ERR_ORM_COERCION',
    'BOLT_ERR_ORM_DATABASE_UNAVAILABLE',
    'BOLT_ERR_ORM_PREPARED_PLACEHOLDER',
    'BOLT_ERR_ORM_QUERY',
    'BOLT_ERR_ORM_UNSUPPORTED_SCHEMA',
  ]);
});

tap.test('every error code is documented in the README with its status', async (t) => {
  for (const [code, { status }] of Object.entries(api.ERROR_CODES)) {
    t.match(readme, new RegExp(`\\| \`${code}\` \\| ${status} \\|`), code);
  }
});

tap.test('each error class carries the code and status of the table', async (t) => {
  const errors = [
    new api.CoercionError({ path: [0, 'id'], expected: 'integer', value: 'x', row: { id: 'x' } }),
    new api.UnsupportedSchemaError('Record', ['meta']),
    new api.QueryError('GET /x', new Error('boom')),
    new api.PreparedQueryError('ids', 'select 1'),
  ];
  for (const error of errors) {
    const entry = api.ERROR_CODES[error.code as keyof typeof api.ERROR_CODES];
    t.equal(entry.class, error.name, error.code);
    t.equal(entry.status, error.status, error.code);
    t.type(error, api.OrmCoerceError);
  }
  t.equal(api.DATABASE_UNAVAILABLE.code, 'BOLT_ERR_ORM_DATABASE_UNAVAILABLE');
  t.equal(api.DATABASE_UNAVAILABLE.status, api.ERROR_CODES.BOLT_ERR_ORM_DATABASE_UNAVAILABLE.status);
});

tap.test('database failures are told from query failures', async (t) => {
  const unavailable = [
    { code: 'ECONNREFUSED' },
    { code: '57P01', message: 'terminating connection due to administrator command' },
    { code: '08006' },
    { message: 'Connection terminated unexpectedly' },
    { code: 'SQLITE_BUSY' },
    { code: 'SQLITE_IOERR_SHORT_READ' },
    new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]),
    new Error('wrapped', { cause: { code: 'ETIMEDOUT' } }),
  ];
  for (const error of unavailable) t.ok(api.isDatabaseUnavailable(error), JSON.stringify(error));
  const failing = [{ code: '42P01' }, { code: 'SQLITE_ERROR' }, new Error('syntax'), null, 'ECONNREFUSED'];
  for (const error of failing) t.notOk(api.isDatabaseUnavailable(error), JSON.stringify(error));
});
