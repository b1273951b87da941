/** @bolt/schema: decoders, defaults, validators with formats, issue formatting, serializers. */
import t from 'tap';
import {
  compileDefaults,
  compileInputDecoder,
  compileSerializer,
  compileValidator,
  pointerToLoc,
  SchemaErrorCode,
  t as s,
} from '../src/index.js';

t.test('string decoders by kind', async (t) => {
  const decode = compileInputDecoder(
    s.Object({
      i: s.Integer(),
      n: s.Number(),
      b: s.Boolean(),
      e: s.Union([s.Literal('asc'), s.Literal('desc')]),
      lit: s.Optional(s.Literal(3)),
      list: s.Array(s.Integer()),
      d: s.String({ default: 'dflt' }),
      opt: s.Optional(s.String()),
    }),
    'query',
    'GET /t',
  );
  t.same(decode({ i: '-4', n: '2.5', b: 'false', e: 'desc', lit: '3', list: ['1', '2'] }), {
    ok: true,
    value: { i: -4, n: 2.5, b: false, e: 'desc', lit: 3, list: [1, 2], d: 'dflt' },
  });
  t.same(decode({ i: '1', n: '1', b: 'yes', e: 'asc', list: '7' }).ok, true, 'a single value fills an array');
  const bad = decode({ i: '1.5', n: 'NaN', b: 'maybe', e: 'up', list: ['1', 'x'] });
  t.same(bad.ok ? [] : bad.issues.map((i) => [i.loc.join('.'), i.type]), [
    ['query.i', 'int_parsing'],
    ['query.n', 'float_parsing'],
    ['query.b', 'bool_parsing'],
    ['query.e', 'literal_error'],
    ['query.list.1', 'int_parsing'],
  ]);
  const missing = decode({});
  t.same(missing.ok ? [] : missing.issues.map((i) => i.type), [
    'missing',
    'missing',
    'missing',
    'missing',
    'missing',
  ]);
});

t.test('constraints are checked after decoding', async (t) => {
  const decode = compileInputDecoder(s.Object({ limit: s.Integer({ maximum: 100 }) }), 'query', 'GET /users');
  const res = decode({ limit: '101' });
  t.same(res.ok ? null : res.issues[0], {
    loc: ['query', 'limit'],
    msg: 'Expected integer to be less or equal to 100',
    type: 'less_than_equal',
  });
});

t.test('headers are read by their dashed lower-case name', async (t) => {
  const decode = compileInputDecoder(s.Object({ x_request_id: s.String() }), 'header', 'GET /h');
  t.same(decode({ 'x-request-id': 'abc' }), { ok: true, value: { x_request_id: 'abc' } });
});

t.test('startup errors name the route', async (t) => {
  t.throws(() => compileInputDecoder(s.String(), 'query', 'GET /x'), {
    code: SchemaErrorCode.NOT_AN_OBJECT,
    message: /GET \/x/,
  });
  t.throws(() => compileInputDecoder(s.Object({ o: s.Object({}) }), 'query', 'GET /x'), {
    code: SchemaErrorCode.UNSUPPORTED,
    message: /GET \/x query "o"/,
  });
  t.throws(() => compileSerializer(s.Object({ at: s.Date() }), 'GET /y response 200'), {
    message: /GET \/y response 200.*date-time/,
  });
});

t.test('formats from ajv-formats', async (t) => {
  const v = compileValidator(
    s.Object({
      email: s.String({ format: 'email' }),
      id: s.String({ format: 'uuid' }),
      at: s.String({ format: 'date-time' }),
      url: s.String({ format: 'uri' }),
    }),
  );
  t.ok(
    v.check({
      email: 'a@b.co',
      id: '6f1c5c2e-4b5e-4c7a-9a51-0a3f1d2c3b4a',
      at: '2024-01-02T03:04:05Z',
      url: 'https://x.y/z',
    }),
  );
  t.notOk(v.check({ email: 'nope', id: 'x', at: 'yesterday', url: 'no scheme' }));
  t.same(
    v.issues('body', {
      email: 'nope',
      id: '6f1c5c2e-4b5e-4c7a-9a51-0a3f1d2c3b4a',
      at: '2024-01-02T03:04:05Z',
      url: 'https://x',
    }),
    [{ loc: ['body', 'email'], msg: "Expected string to match 'email' format", type: 'value_error' }],
  );
});

t.test('nested issue locations', async (t) => {
  const v = compileValidator(s.Object({ items: s.Array(s.Object({ name: s.String() })) }));
  t.same(v.issues('body', { items: [{ name: 'a' }, { name: 3 }] }), [
    { loc: ['body', 'items', 1, 'name'], msg: 'Expected string', type: 'string_type' },
  ]);
  t.same(pointerToLoc('/a~1b/0/c~0d'), ['a/b', 0, 'c~d']);
});

t.test('defaults for JSON bodies', async (t) => {
  t.equal(compileDefaults(s.Object({ a: s.String() })), undefined, 'no defaults, no work');
  const apply = compileDefaults(
    s.Object({
      tags: s.Array(s.String(), { default: [] }),
      inner: s.Object({ n: s.Integer({ default: 1 }) }),
    }),
  );
  const a: Record<string, unknown> = { inner: {} };
  const b: Record<string, unknown> = { inner: {} };
  apply?.(a);
  apply?.(b);
  t.same(a, { tags: [], inner: { n: 1 } });
  t.not(a.tags, b.tags, 'default objects are not shared between requests');
});

t.test('serializers drop undeclared fields and are cached', async (t) => {
  const Model = s.Object({ id: s.Integer(), name: s.String(), note: s.Optional(s.String()) });
  const ser = compileSerializer(Model);
  t.equal(ser({ id: 1, name: 'a', password: 'secret' }), '{"id":1,"name":"a"}');
  t.equal(compileSerializer(Model), ser, 'compiled once per schema');
  t.equal(compileValidator(Model), compileValidator(Model), 'validators compiled once per schema');
});

t.test('the second validation pass is skipped only when decoders already guarantee the value', async (t) => {
  const { needsValidation } = await import('../src/decode/needs-validation.js');
  t.equal(
    needsValidation({
      id: s.Integer(),
      q: s.Optional(s.String()),
      tags: s.Array(s.String(), { default: [] }),
    }),
    false,
  );
  t.equal(needsValidation({ order: s.Union([s.Literal('asc'), s.Literal('desc')]) }), false);
  t.equal(needsValidation({ limit: s.Integer({ maximum: 100 }) }), true, 'bounds need the check');
  t.equal(needsValidation({ email: s.String({ format: 'email' }) }), true, 'formats need the check');
  t.equal(
    needsValidation({ tags: s.Array(s.String(), { minItems: 1 }) }),
    true,
    'array bounds need the check',
  );
  t.equal(needsValidation({ n: s.Union([s.Integer(), s.String()]) }), true, 'non-literal unions are checked');
});
