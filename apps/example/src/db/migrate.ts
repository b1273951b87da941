/**
 * Brings the schema up to date with Kysely's Migrator and the files in `./migrations/`
 * (`.ts` when run from source, `.js` from dist). Several processes may start at once on a fresh
 * database: PostgreSQL serialises them with the Migrator's lock; on SQLite each run is one
 * transaction (create-kysely.ts), the loser of the write race gets SQLITE_BUSY and simply tries
 * again, then finds nothing left to do.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { FileMigrationProvider, type Kysely, type MigrationResult, Migrator } from 'kysely';
import type { Database } from './schema.js';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

/** Runs every pending migration; returns what ran. Throws with the failing migration named. */
export async function migrate(db: Kysely<Database>): Promise<ReadonlyArray<MigrationResult>> {
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: MIGRATIONS_FOLDER }),
  });
  for (let attempt = 1; ; attempt++) {
    const { error, results = [] } = await migrator.migrateToLatest();
    if (error === undefined) return results;
    if (isBusy(error) && attempt < 50) {
      await sleep(20 * attempt);
      continue;
    }
    const failed = results.find((result) => result.status === 'Error');
    throw new Error(
      `Migrating the example database failed${failed ? ` in ${failed.migrationName}` : ''}: ${String((error as Error)?.message ?? error)}`,
      { cause: error },
    );
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}
