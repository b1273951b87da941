import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import tap from 'tap';
import { CoercionError, compileCoercer } from '../src/index.js';
import { eachDialect } from './fixtures/databases.js';
import { createOwners, ownersWithPets } from './fixtures/owners.js';

const Pet = Type.Object({
  name: Type.String(),
  vaccinated: Type.Boolean(),
  bornAt: Type.String({ format: 'date-time' }),
});

const Owner = Type.Object({
  id: Type.Integer(),
  userName: Type.String(),
  isActive: Type.Boolean(),
  balance: Type.Number(),
  bigCount: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  createdEpoch: Type.Date(),
  birthday: Type.String({ format: 'date' }),
  meta: Type.Object({ tags: Type.Array(Type.String()), level: Type.Integer() }),
  nickname: Type.Union([Type.String(), Type.Null()]),
  pets: Type.Array(Pet),
  firstPet: Type.Union([Pet, Type.Null()]),
});

const expected = [
  {
    id: 1,
    userName: 'ada',
    isActive: true,
    balance: 12.5,
    bigCount: 42,
    createdAt: '2024-05-01T10:20:30.000Z',
    createdEpoch: new Date('2024-05-01T10:20:30.000Z'),
    birthday: '1990-02-03',
    meta: { tags: ['admin', 'ops'], level: 3 },
    nickname: null,
    pets: [
      { name: 'Rex', vaccinated: true, bornAt: '2020-01-02T03:04:05.000Z' },
      { name: 'Tom', vaccinated: false, bornAt: '2021-06-07T08:09:10.000Z' },
    ],
    firstPet: { name: 'Rex', vaccinated: true, bornAt: '2020-01-02T03:04:05.000Z' },
  },
  {
    id: 2,
    userName: 'bob',
    isActive: false,
    balance: 0.25,
    bigCount: 7,
    createdAt: '2023-12-31T23:59:59.000Z',
    createdEpoch: new Date(0),
    birthday: '2000-12-31',
    meta: { tags: [], level: 0 },
    nickname: 'bobby',
    pets: [],
    firstPet: null,
  },
];

tap.test('rows of each dialect become the same model', async (t) => {
  eachDialect(t, 'rows', async (t, { db, dialect }) => {
    await createOwners(db, dialect);
    const rows = await ownersWithPets(db, dialect).execute();
    const coerce = compileCoercer(Type.Array(Owner), { columns: 'snake_case' });
    const owners = coerce(rows);
    t.strictSame(owners, expected);
    t.equal(typeof owners[0]?.isActive, 'boolean', 'booleans are booleans, not 0/1');
    t.notOk('secret' in (owners[0] ?? {}), 'columns outside the model are dropped');
    t.same(JSON.parse(JSON.stringify(owners))[0].pets[0].vaccinated, true);
  });
});

tap.test('a NULL in a non-nullable field names the field and the row', async (t) => {
  eachDialect(t, 'nulls', async (t, { db, dialect }) => {
    await createOwners(db, dialect);
    const rows = await db.selectFrom('owners').select(['id', 'nickname']).orderBy('id').execute();
    const coerce = compileCoercer(Type.Array(Type.Object({ id: Type.Integer(), nickname: Type.String() })));
    const error = catchError(() => coerce(rows));
    t.type(error, CoercionError);
    t.equal(error.code, 'BOLT_ERR_ORM_COERCION');
    t.strictSame(error.issue.path, [0, 'nickname']);
    t.match(error.message, /\$\[0\]\.nickname/);
    t.match(error.message, /"id":"?1"?/, 'the row is in the message');
  });
});

tap.test('int8 beyond 2^53 fails instead of losing digits; as a string it is exact', async (t) => {
  eachDialect(t, 'int8', async (t, { db, dialect }) => {
    await createOwners(db, dialect);
    const big = dialect === 'sqlite' ? sql`cast('9007199254740993' as integer)` : sql`9007199254740993::int8`;
    const rows = await db
      .selectFrom('owners')
      .select(['id', big.as('big')])
      .where('id', '=', 1)
      .execute();
    const asInteger = compileCoercer(Type.Array(Type.Object({ id: Type.Integer(), big: Type.Integer() })));
    t.match(catchError(() => asInteger(rows)).issue, { path: [0, 'big'] });
    if (dialect === 'postgres') {
      const asString = compileCoercer(Type.Array(Type.Object({ id: Type.Integer(), big: Type.String() })));
      t.strictSame(asString(rows), [{ id: 1, big: '9007199254740993' }]);
    }
  });
});

tap.test('count(*) and aggregates come back as numbers', async (t) => {
  eachDialect(t, 'aggregates', async (t, { db, dialect }) => {
    await createOwners(db, dialect);
    const row = await db
      .selectFrom('owners')
      .select((eb: any) => [eb.fn.countAll().as('total'), eb.fn.sum('balance').as('sum')])
      .executeTakeFirstOrThrow();
    const coerce = compileCoercer(Type.Object({ total: Type.Integer(), sum: Type.Number() }));
    t.strictSame(coerce(row), { total: 2, sum: 12.75 });
  });
});

function catchError(fn: () => unknown): CoercionError {
  try {
    fn();
  } catch (error) {
    return error as CoercionError;
  }
  throw new Error('expected a CoercionError');
}
