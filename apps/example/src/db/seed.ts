/**
 * The example's 1,000 users, the same on every machine and dialect (user0001 ... user1000).
 * Idempotent and safe when several processes seed at once: it does nothing when the users are
 * there, and inserts ignore usernames already present.
 */
import { type Kysely, PostgresAdapter } from 'kysely';
import type { Database } from './schema.js';

export const SEED_USERS = 1000;

const FIRST_NAMES = [
  'Ada',
  'Alan',
  'Grace',
  'Edsger',
  'Barbara',
  'Donald',
  'Margaret',
  'Dennis',
  'Frances',
  'Ken',
];
const LAST_NAMES = [
  'Lovelace',
  'Turing',
  'Hopper',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Hamilton',
  'Ritchie',
  'Allen',
  'Thompson',
];

/** The seeded user number `n` (1-based), as inserted. Every third user is inactive. */
export function seedUser(n: number) {
  const username = `user${String(n).padStart(4, '0')}`;
  return {
    username,
    email: `${username}@example.com`,
    first_name: FIRST_NAMES[(n - 1) % FIRST_NAMES.length] as string,
    last_name: LAST_NAMES[Math.floor((n - 1) / FIRST_NAMES.length) % LAST_NAMES.length] as string,
    active: n % 3 !== 0,
  };
}

/** Inserts the seed users that are missing; returns how many rows it inserted. */
export async function seed(db: Kysely<Database>): Promise<number> {
  const { count } = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .executeTakeFirstOrThrow();
  if (Number(count) >= SEED_USERS) return 0;
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return db.transaction().execute(async (trx) => {
    let inserted = 0;
    for (let start = 1; start <= SEED_USERS; start += 250) {
      const rows = [];
      for (let n = start; n < start + 250 && n <= SEED_USERS; n++) {
        const { active, ...user } = seedUser(n);
        // better-sqlite3 binds no booleans: SQLite stores them as 0/1 anyway.
        rows.push({ ...user, is_active: postgres ? active : active ? 1 : 0 });
      }
      const result = await trx
        .insertInto('users')
        .values(rows)
        .onConflict((oc) => oc.column('username').doNothing())
        .executeTakeFirst();
      inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    return inserted;
  });
}
