/**
 * Where the example's database lives, from the environment:
 * - `DATABASE_URL=postgres://user@host:5432/db` (or `postgresql://`): PostgreSQL through pg;
 * - `DATABASE_URL=sqlite:/path/to/file.sqlite`, or `BOLT_SQLITE_PATH=/path`: that SQLite file;
 * - neither: the embedded default, the SQLite file `apps/example/data/bolt.sqlite`.
 */
import { fileURLToPath } from 'node:url';

export type DatabaseConfig =
  | { readonly dialect: 'sqlite'; readonly path: string }
  | { readonly dialect: 'postgres'; readonly url: string; readonly poolSize: number };

/** The SQLite file used when nothing is set: `apps/example/data/bolt.sqlite` (gitignored). */
// src/db/ and dist/db/ both sit two levels below the app folder.
export const DEFAULT_SQLITE_PATH = fileURLToPath(new URL('../../data/bolt.sqlite', import.meta.url));

/** Reads the configuration from `env` (default `process.env`). */
export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const url = env.DATABASE_URL?.trim();
  if (url) return databaseConfigFromUrl(url, env);
  return { dialect: 'sqlite', path: env.BOLT_SQLITE_PATH?.trim() || DEFAULT_SQLITE_PATH };
}

/** Reads a `postgres://`, `postgresql://` or `sqlite:` URL. */
export function databaseConfigFromUrl(url: string, env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  if (/^postgres(ql)?:\/\//.test(url)) {
    return { dialect: 'postgres', url, poolSize: Number(env.DATABASE_POOL_SIZE ?? 10) };
  }
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path) return { dialect: 'sqlite', path };
  }
  throw new Error(
    `DATABASE_URL=${url.replace(/\/\/[^@/]*@/, '//***@')} is not understood: use postgres://user:password@host:port/db, ` +
      'sqlite:/path/to/file.sqlite, or unset it for the embedded SQLite database.',
  );
}
