import { Kind } from '@bolt/schema';
import type { Static, TArray, TObject, TSchema } from '@sinclair/typebox';
import type { AnyColumn, SelectQueryBuilder } from 'kysely';
import { columnName } from './column-name.js';

/** Options of {@link selectModel}. */
export interface SelectModelOptions {
  /** Qualify each column with this table (`users.id`), for joins. Default: unqualified. */
  readonly table?: string;
  /** Same as the coercer's option: read `firstName` from `first_name`. Default `'preserve'`. */
  readonly columns?: 'preserve' | 'snake_case';
  /**
   * Model keys that are not columns of the table (nested `jsonArrayFrom` results and the like),
   * which the caller selects itself. Default: none.
   */
  readonly omit?: ReadonlyArray<string>;
}

/** The row a model's columns add to a select: each key present, its value still raw. */
export type ModelColumns<M extends TSchema> =
  M extends TArray<infer Item> ? ModelColumns<Item> : { [K in keyof Static<M>]: unknown };

type ModelKeys<M extends TSchema> = M extends TArray<infer Item> ? ModelKeys<Item> : keyof Static<M> & string;

/**
 * `unknown` when every key of the model is a column of the selected tables; otherwise an object
 * type whose one property names the keys that are not, which the model cannot satisfy, so the
 * call fails to compile with those keys in the message.
 */
export type KeysAreColumns<DB, TB extends keyof DB, M extends TSchema> = [
  Exclude<ModelKeys<M>, AnyColumn<DB, TB>>,
] extends [never]
  ? unknown
  : {
      readonly 'model keys that are not columns of the selected tables': Exclude<
        ModelKeys<M>,
        AnyColumn<DB, TB>
      >;
    };

/**
 * Narrows a select to the columns of a response model, so a "mini" endpoint fetches only what
 * it returns. Accepts the object model or an array of it (the route's `response`). Without
 * options, every model key must be a column of the selected tables (checked at compile time);
 * with `columns: 'snake_case'`, `table` or `omit` the names are checked by the database.
 *
 * @example
 * const UserMini = t.Object({ id: t.Integer(), username: t.String() });
 * selectModel(db.selectFrom('users'), UserMini).limit(10);
 * // select "id", "username" from "users" limit ?
 * selectModel(db.selectFrom('users'), User, { columns: 'snake_case', table: 'users' });
 * // select "users"."id", "users"."first_name", ... from "users"
 */
export function selectModel<DB, TB extends keyof DB, O, M extends TSchema>(
  query: SelectQueryBuilder<DB, TB, O>,
  model: M & KeysAreColumns<DB, TB, M>,
): SelectQueryBuilder<DB, TB, O & ModelColumns<M>>;
export function selectModel<DB, TB extends keyof DB, O, M extends TSchema>(
  query: SelectQueryBuilder<DB, TB, O>,
  model: M,
  options: SelectModelOptions,
): SelectQueryBuilder<DB, TB, O & ModelColumns<M>>;
export function selectModel<DB, TB extends keyof DB, O, M extends TSchema>(
  query: SelectQueryBuilder<DB, TB, O>,
  model: M,
  options: SelectModelOptions = {},
): SelectQueryBuilder<DB, TB, O & ModelColumns<M>> {
  const columns = modelColumns(model, options);
  // The names are the model's, checked against the tables only by the database: cast once here.
  return (query as SelectQueryBuilder<any, any, any>).select(columns) as SelectQueryBuilder<
    DB,
    TB,
    O & ModelColumns<M>
  >;
}

/** The column references {@link selectModel} selects for a model. */
export function modelColumns(model: TSchema, options: SelectModelOptions = {}): string[] {
  const object = (model[Kind] === 'Array' ? (model as TArray).items : model) as TObject;
  if (object[Kind] !== 'Object') {
    throw new TypeError(
      `selectModel needs an object model (or an array of one), got ${String(object[Kind])}`,
    );
  }
  const omit = new Set(options.omit ?? []);
  const prefix = options.table === undefined ? '' : `${options.table}.`;
  return Object.keys(object.properties)
    .filter((key) => !omit.has(key))
    .map((key) => prefix + columnName(key, options.columns ?? 'preserve'));
}
