/** The example app's database: Kysely on SQLite (embedded default) or PostgreSQL (DATABASE_URL). */
export { createKysely } from './create-kysely.js';
export {
  type DatabaseConfig,
  DEFAULT_SQLITE_PATH,
  databaseConfigFromEnv,
  databaseConfigFromUrl,
} from './database-config.js';
export { MIGRATIONS_FOLDER, migrate } from './migrate.js';
export { type ExampleDatabase, openDatabase } from './open-database.js';
export type { Database, UsersTable } from './schema.js';
export { SEED_USERS, seed, seedUser } from './seed.js';
