/**
 * The example's tables as Kysely sees them. Column types say what each dialect really stores:
 * SQLite keeps booleans as 0/1 and timestamps as text, PostgreSQL returns booleans and Dates;
 * @bolt/orm-coerce turns either into the response models.
 */
import type { ColumnType, Generated } from 'kysely';

export interface UsersTable {
  id: Generated<number>;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  /** 0/1 on SQLite (better-sqlite3 cannot bind booleans), boolean on PostgreSQL. */
  is_active: ColumnType<boolean | number, number | boolean, number | boolean>;
  /** Set by the database: text on SQLite, a Date on PostgreSQL. */
  created_at: ColumnType<Date | string, never, never>;
}

/** Every table of the example database. */
export interface Database {
  users: UsersTable;
}
