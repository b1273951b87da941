/**
 * Each kind's coercer over the values drivers really return (taken from the dialect tests and
 * the drivers' documentation), in one table per kind: what passes, what becomes what, what fails.
 */
import { type TSchema, Type } from '@sinclair/typebox';
import tap from 'tap';
import { CoercionError, columnName, compileCoercer, UnsupportedSchemaError } from '../src/index.js';

interface Case {
  readonly schema: TSchema;
  readonly ok: ReadonlyArray<readonly [unknown, unknown]>;
  readonly bad: ReadonlyArray<unknown>;
}

const cases: Record<string, Case> = {
  boolean: {
    schema: Type.Boolean(),
    ok: [
      [true, true],
      [false, false],
      [1, true],
      [0, false],
      [1n, true],
      [0n, false],
      ['t', true],
      ['f', false],
      ['TRUE', true],
      ['0', false],
    ],
    bad: [2, -1, 'yes', '', null, undefined, {}],
  },
  integer: {
    schema: Type.Integer(),
    ok: [
      [42, 42],
      ['42', 42],
      ['-7', -7],
      ['12.00', 12],
      [9007199254740991n, 9007199254740991],
    ],
    bad: [1.5, '1.5', 'abc', '', ' ', '0x10', '9007199254740993', 9007199254740992, 2n ** 60n, null, true],
  },
  number: {
    schema: Type.Number(),
    ok: [
      [1.25, 1.25],
      ['12.50', 12.5],
      ['-0.001', -0.001],
      ['1e3', 1000],
      [5n, 5],
    ],
    bad: ['NaN', 'Infinity', Number.NaN, Number.POSITIVE_INFINITY, '', 'abc', 2n ** 60n + 1n, null, false],
  },
  string: {
    schema: Type.String(),
    ok: [
      ['x', 'x'],
      ['', ''],
      [12, '12'],
      [9007199254740993n, '9007199254740993'],
      [new Date('2024-05-01T10:20:30Z'), '2024-05-01T10:20:30.000Z'],
    ],
    bad: [null, undefined, true, {}, [], Number.NaN, new Date('nope')],
  },
  'date-time string': {
    schema: Type.String({ format: 'date-time' }),
    ok: [
      [new Date('2024-05-01T10:20:30.123Z'), '2024-05-01T10:20:30.123Z'],
      ['2024-05-01 10:20:30', '2024-05-01T10:20:30.000Z'],
      ['2024-05-01T10:20:30.123456', '2024-05-01T10:20:30.123Z'],
      ['2024-05-01 12:20:30+02', '2024-05-01T10:20:30.000Z'],
      ['2024-05-01T12:20:30+0200', '2024-05-01T10:20:30.000Z'],
      ['2024-05-01T05:20:30-05:00', '2024-05-01T10:20:30.000Z'],
      ['2024-05-01', '2024-05-01T00:00:00.000Z'],
      [1714558830000, '2024-05-01T10:20:30.000Z'],
      ['1714558830000', '2024-05-01T10:20:30.000Z'],
    ],
    bad: ['yesterday', '2024-13-45 99:99:99', '', null, true, 1e20],
  },
  'date string': {
    schema: Type.String({ format: 'date' }),
    ok: [
      ['1990-02-03', '1990-02-03'],
      [new Date(1990, 1, 3), '1990-02-03'],
      ['2024-05-01 10:20:30', '2024-05-01'],
      [0, '1970-01-01'],
    ],
    bad: ['1990-02-30x', 'tomorrow', null],
  },
  date: {
    schema: Type.Date(),
    ok: [
      ['2024-05-01 10:20:30', new Date('2024-05-01T10:20:30Z')],
      [0, new Date(0)],
    ],
    bad: ['never', null, new Date('nope')],
  },
  literal: {
    schema: Type.Union([Type.Literal('admin'), Type.Literal('user'), Type.Literal(2), Type.Literal(true)]),
    ok: [
      ['admin', 'admin'],
      ['user', 'user'],
      ['2', 2],
      [1, true],
    ],
    bad: ['root', 3, 0, null],
  },
  nullable: {
    schema: Type.Union([Type.Integer(), Type.Null()]),
    ok: [
      [null, null],
      [undefined, null],
      ['3', 3],
    ],
    bad: ['x', false],
  },
  null: { schema: Type.Null(), ok: [[null, null]], bad: [0, ''] },
  unknown: {
    schema: Type.Unknown(),
    ok: [
      [{ a: 1 }, { a: 1 }],
      [null, null],
    ],
    bad: [],
  },
  array: {
    schema: Type.Array(Type.Boolean()),
    ok: [
      [
        [1, 0, true],
        [true, false, true],
      ],
      ['[1,0]', [true, false]],
      ['[]', []],
    ],
    bad: ['{"a":1}', 'not json', 1, null, [1, 'maybe']],
  },
  object: {
    schema: Type.Object({ id: Type.Integer(), tags: Type.Optional(Type.Array(Type.String())) }),
    ok: [
      [
        { id: '1', tags: null, extra: true },
        { id: 1, tags: undefined },
      ],
      ['{"id":2,"tags":["a"]}', { id: 2, tags: ['a'] }],
    ],
    bad: ['[1]', '{', 5, null, { tags: [] }, [{ id: 1 }]],
  },
};

for (const [name, { schema, ok, bad }] of Object.entries(cases)) {
  tap.test(name, async (t) => {
    const coerce = compileCoercer(schema);
    for (const [input, output] of ok)
      t.strictSame(coerce(input), output, `${describe(input)} -> ${describe(output)}`);
    for (const input of bad) t.throws(() => coerce(input), CoercionError, `${describe(input)} fails`);
  });
}

tap.test('failures name the path through nested objects and arrays', async (t) => {
  const coerce = compileCoercer(
    Type.Array(Type.Object({ id: Type.Integer(), pets: Type.Array(Type.Object({ age: Type.Integer() })) })),
  );
  const rows = [
    { id: 1, pets: '[{"age":3}]' },
    { id: 2, pets: '[{"age":4},{"age":"old"}]' },
  ];
  try {
    coerce(rows);
    t.fail('expected a CoercionError');
  } catch (error) {
    t.type(error, CoercionError);
    const { issue, message } = error as CoercionError;
    t.strictSame(issue.path, [1, 'pets', 1, 'age']);
    t.equal(issue.value, 'old');
    t.equal(issue.row, rows[1], 'the row is the database row, not the nested object');
    t.match(message, '$[1].pets[1].age');
  }
});

tap.test('a nested object given as JSON text is located too', async (t) => {
  const coerce = compileCoercer(
    Type.Object({ owner: Type.Object({ name: Type.String(), age: Type.Integer() }) }),
  );
  const row = { owner: '{"name":"Ada","age":"old"}' };
  try {
    coerce(row);
    t.fail('expected a CoercionError');
  } catch (error) {
    t.match((error as CoercionError).issue, { path: ['owner', 'age'], value: 'old', row });
  }
  t.strictSame(coerce({ owner: '{"name":"Ada","age":36}' }), { owner: { name: 'Ada', age: 36 } });
});

tap.test('snake_case columns feed camelCase models, and camelCased rows still work', async (t) => {
  const coerce = compileCoercer(Type.Object({ firstName: Type.String(), isActive: Type.Boolean() }), {
    columns: 'snake_case',
  });
  t.strictSame(coerce({ first_name: 'Ada', is_active: 1 }), { firstName: 'Ada', isActive: true });
  t.strictSame(coerce({ firstName: 'Ada', isActive: 0 }), { firstName: 'Ada', isActive: false });
  t.equal(columnName('HTTPStatus', 'snake_case'), 'http_status');
  t.equal(columnName('address2Line', 'snake_case'), 'address2_line');
  t.equal(columnName('firstName', 'preserve'), 'firstName');
});

tap.test('epoch numbers may be seconds', async (t) => {
  const coerce = compileCoercer(Type.String({ format: 'date-time' }), { epoch: 'seconds' });
  t.equal(coerce(1714558830), '2024-05-01T10:20:30.000Z');
});

tap.test('a __proto__ key is an own property, not a prototype', async (t) => {
  const coerce = compileCoercer(Type.Object({ ['__proto__']: Type.Integer() }));
  const out = coerce(JSON.parse('{"__proto__": "5"}')) as Record<string, unknown>;
  t.equal(Object.getPrototypeOf(out), Object.prototype);
  t.equal(Object.getOwnPropertyDescriptor(out, '__proto__')?.value, 5);
});

tap.test('kinds rows cannot become are refused at compile time', async (t) => {
  t.throws(() => compileCoercer(Type.Record(Type.String(), Type.Number())), UnsupportedSchemaError);
  t.throws(() => compileCoercer(Type.Object({ a: Type.Object({ b: Type.BigInt() }) })), {
    code: 'BOLT_ERR_ORM_UNSUPPORTED_SCHEMA',
    message: /\$\.a\.b/,
  });
});

function describe(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Date) return `Date(${value.getTime()})`;
  return JSON.stringify(value) ?? String(value);
}

tap.test('decimal text is read strictly', async (t) => {
  const coerce = compileCoercer(Type.Number());
  const ok: [string, number][] = [
    ['0', 0],
    ['-0.5', -0.5],
    ['+3', 3],
    ['.5', 0.5],
    ['5.', 5],
    ['1e-3', 0.001],
    ['0.000', 0],
    ['007', 7],
  ];
  for (const [text, n] of ok) t.equal(coerce(text), n, text);
  for (const text of [
    '',
    ' ',
    ' 1',
    '1 ',
    '0x1f',
    '0X1F',
    '0b1',
    '0o7',
    '-0x1',
    'Infinity',
    '-Infinity',
    '1_000',
    'e5',
    '1e',
  ]) {
    t.throws(() => coerce(text), CoercionError, JSON.stringify(text));
  }
});
