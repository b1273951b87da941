/**
 * Where the example app keeps its SQLite database, so the ORM peers read the same file: the
 * example's own rule (BOLT_SQLITE_PATH, else `apps/example/data/bolt.sqlite`, created, migrated
 * and seeded on the example's first start). The runner passes this path to Bolt and the peers alike.
 */
import { fileURLToPath } from 'node:url';
import { benchFile } from './bench-dir.js';

/** The SQLite file of the ORM rows. */
export function exampleDbPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.BOLT_SQLITE_PATH?.trim() || fileURLToPath(benchFile('../apps/example/data/bolt.sqlite'));
}
