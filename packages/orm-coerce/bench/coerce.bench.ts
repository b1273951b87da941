/**
 * Coercion micro-benchmark: the compiled coercer vs a hand-written mapping function for the same
 * model, on 10 and 1,000 rows shaped as each dialect returns them (SQLite: 0/1 booleans and
 * timestamp text; PostgreSQL: booleans, Dates, int8/numeric text). Target: ratio <= 1.3.
 * Both sides run in the same process, in alternating ~100 us samples for ~3 s per case, and the
 * fastest sample of each is compared: on a shared machine other processes only ever add time.
 * Run: pnpm --filter @bolt/orm-coerce bench
 */
import { Type } from '@sinclair/typebox';
import { compileCoercer } from '../src/index.js';

// The example app's /users/full10 model.
const User = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  email: Type.String(),
  first_name: Type.String(),
  last_name: Type.String(),
  is_active: Type.Boolean(),
});

// A wider model: timestamps and decimals, camelCase keys from snake_case columns.
const Account = Type.Object({
  id: Type.Integer(),
  userName: Type.String(),
  isActive: Type.Boolean(),
  balance: Type.Number(),
  createdAt: Type.String({ format: 'date-time' }),
  nickname: Type.Union([Type.String(), Type.Null()]),
});

type Row = Record<string, unknown>;

function users(n: number, dialect: 'sqlite' | 'postgres'): Row[] {
  return Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    username: `user${i}`,
    email: `user${i}@example.com`,
    first_name: 'Ada',
    last_name: 'Lovelace',
    is_active: dialect === 'sqlite' ? i % 3 === 0 ? 0 : 1 : i % 3 !== 0,
    password: 'not in the model',
  }));
}

function accounts(n: number, dialect: 'sqlite' | 'postgres'): Row[] {
  return Array.from({ length: n }, (_, i) => ({
    id: dialect === 'sqlite' ? i + 1 : String(i + 1),
    user_name: `user${i}`,
    is_active: dialect === 'sqlite' ? i % 2 : i % 2 === 1,
    balance: dialect === 'sqlite' ? i * 1.25 : (i * 1.25).toFixed(2),
    created_at: dialect === 'sqlite' ? '2024-05-01 10:20:30' : new Date(Date.UTC(2024, 4, 1, 10, 20, i % 60)),
    nickname: i % 4 === 0 ? null : `nick${i}`,
  }));
}

// What a developer writes by hand for each model and dialect.
const handUsers = {
  sqlite: (rows: Row[]) => {
    const out = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as Row;
      out[i] = {
        id: r.id as number,
        username: r.username as string,
        email: r.email as string,
        first_name: r.first_name as string,
        last_name: r.last_name as string,
        is_active: r.is_active === 1,
      };
    }
    return out;
  },
  postgres: (rows: Row[]) => {
    const out = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as Row;
      out[i] = {
        id: r.id as number,
        username: r.username as string,
        email: r.email as string,
        first_name: r.first_name as string,
        last_name: r.last_name as string,
        is_active: r.is_active as boolean,
      };
    }
    return out;
  },
};

const handAccounts = {
  sqlite: (rows: Row[]) => {
    const out = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as Row;
      out[i] = {
        id: r.id as number,
        userName: r.user_name as string,
        isActive: r.is_active === 1,
        balance: r.balance as number,
        createdAt: new Date(`${(r.created_at as string).replace(' ', 'T')}Z`).toISOString(),
        nickname: r.nickname as string | null,
      };
    }
    return out;
  },
  postgres: (rows: Row[]) => {
    const out = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as Row;
      out[i] = {
        id: Number(r.id),
        userName: r.user_name as string,
        isActive: r.is_active as boolean,
        balance: Number(r.balance),
        createdAt: (r.created_at as Date).toISOString(),
        nickname: r.nickname as string | null,
      };
    }
    return out;
  },
};

// Results are kept in a ring so neither side's objects can be optimised away.
const sink: unknown[] = new Array(8);

function nsPerCall(fn: (rows: Row[]) => unknown, rows: Row[], iterations: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) sink[i & 7] = fn(rows);
  return Number(process.hrtime.bigint() - start) / iterations;
}

function compare(name: string, hand: (rows: Row[]) => unknown, bolt: (rows: Row[]) => unknown, rows: Row[]) {
  // About 100 us per sample; samples alternate sides for ~1.5 s per side after a warm-up.
  const perCall = nsPerCall(hand, rows, 10);
  const iterations = Math.max(1, Math.round(100_000 / perCall));
  for (let i = 0; i < 30; i++) {
    nsPerCall(hand, rows, iterations);
    nsPerCall(bolt, rows, iterations);
  }
  let h = Number.POSITIVE_INFINITY;
  let b = Number.POSITIVE_INFINITY;
  const until = performance.now() + 3000;
  for (let sample = 0; sample < 30 || performance.now() < until; sample++) {
    h = Math.min(h, nsPerCall(hand, rows, iterations));
    b = Math.min(b, nsPerCall(bolt, rows, iterations));
  }
  const ratio = b / h;
  results.push({ name, rows: rows.length, hand: h, bolt: b, ratio });
  console.log(
    `${name.padEnd(20)} ${String(rows.length).padStart(5)} rows  hand ${fmt(h)}  bolt ${fmt(b)}  ratio ${ratio.toFixed(2)}x ${ratio <= 1.3 ? '(target <= 1.3 met)' : '(target <= 1.3 MISSED)'}`,
  );
}

function fmt(ns: number): string {
  return `${(ns / 1e3).toFixed(2)} us`.padStart(11);
}

const results: { name: string; rows: number; hand: number; bolt: number; ratio: number }[] = [];

console.log(`@bolt/orm-coerce: compiled coercer vs hand-written mapping (node ${process.version})`);
for (const dialect of ['sqlite', 'postgres'] as const) {
  for (const n of [10, 1000]) {
    // One coercer per route, as in an app: a route only ever sees one dialect's rows.
    const boltUsers = compileCoercer(Type.Array(User));
    const boltAccounts = compileCoercer(Type.Array(Account), { columns: 'snake_case' });
    compare(`users (${dialect})`, handUsers[dialect], boltUsers, users(n, dialect));
    compare(`accounts (${dialect})`, handAccounts[dialect], boltAccounts, accounts(n, dialect));
  }
}
const worst = Math.max(...results.map((r) => r.ratio));
console.log(`worst ratio ${worst.toFixed(2)}x (target <= 1.3)`);
