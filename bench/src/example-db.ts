/** Where the example app keeps its SQLite database, so the ORM peers read the same file. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { benchFile } from './bench-dir.js';

/** The example's default SQLite file (it is created on the example's first start). */
export function exampleDbPath(): string {
  return fileURLToPath(benchFile('../apps/example/data/example.sqlite'));
}

/** Whether the file exists now. */
export function exampleDbExists(): boolean {
  return existsSync(exampleDbPath());
}
