/**
 * Every error @bolt/orm-coerce raises, declared once. Users branch on `code`; the HTTP status is
 * what Bolt answers when the error escapes a route (the public body for that status is fixed,
 * the message and cause go to the log only).
 */

/** Base class of the package's errors: a stable `code` and the HTTP `status` it maps to. */
export abstract class OrmCoerceError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
}

/** Where a value failed: the field path (`[3, 'pets', 0, 'age']`), the value and what was expected. */
export interface CoercionIssue {
  readonly path: ReadonlyArray<string | number>;
  readonly expected: string;
  readonly value: unknown;
  /** The outermost row (database row or returned object) that held the value. */
  readonly row: unknown;
}

/**
 * A value could not become the response model's type (a string where an integer was declared,
 * a NULL in a non-nullable column, an int8 beyond 2^53). Bolt answers 500 and logs this error,
 * which names the field and the row; a wrong value is never sent.
 */
export class CoercionError extends OrmCoerceError {
  readonly code = 'BOLT_ERR_ORM_COERCION';
  readonly status = 500;
  readonly issue: CoercionIssue;

  constructor(issue: CoercionIssue) {
    super(
      `Cannot coerce field ${formatPath(issue.path)}: expected ${issue.expected}, got ${describe(issue.value)} ` +
        `in row ${describe(issue.row)}. Fix the query (select the column, cast it) or the response model.`,
    );
    this.name = 'CoercionError';
    this.issue = issue;
  }
}

/** The response model uses a TypeBox kind the coercer cannot build rows into (found at startup). */
export class UnsupportedSchemaError extends OrmCoerceError {
  readonly code = 'BOLT_ERR_ORM_UNSUPPORTED_SCHEMA';
  readonly status = 500;

  constructor(kind: string, path: ReadonlyArray<string | number>) {
    super(
      `Response model kind "${kind}" at ${formatPath(path)} cannot be coerced from database rows. ` +
        'Use Object, Array, String, Number, Integer, Boolean, Date, Literal, Null, Union, Any or Unknown.',
    );
    this.name = 'UnsupportedSchemaError';
  }
}

/** A query failed for a reason other than an unreachable database (bad SQL, constraint). Answered 500. */
export class QueryError extends OrmCoerceError {
  readonly code = 'BOLT_ERR_ORM_QUERY';
  readonly status = 500;

  constructor(route: string, cause: unknown) {
    super(
      `The query returned by ${route} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
    this.name = 'QueryError';
  }
}

/**
 * The database cannot be reached or cannot serve now (connection refused or lost, server
 * shutting down, SQLite busy). Answered as a core `HTTPError` with this status, code and detail
 * so the client learns to retry; the cause is reported through `onDatabaseUnavailable`.
 */
export const DATABASE_UNAVAILABLE = Object.freeze({
  code: 'BOLT_ERR_ORM_DATABASE_UNAVAILABLE',
  status: 503,
  detail: 'Database unavailable, retry later',
} as const);

/** Renders `[3, 'pets', 0, 'age']` as `$[3].pets[0].age` (the root is `$`). */
export function formatPath(path: ReadonlyArray<string | number>): string {
  let out = '$';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `.${part}`;
  return out;
}

function describe(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Date)
    return `Date(${Number.isNaN(value.getTime()) ? 'Invalid' : value.toISOString()})`;
  try {
    const text = JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? `${v}n` : v));
    if (text === undefined) return String(value);
    return text.length > 300 ? `${text.slice(0, 300)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** The codes above, for documentation and for users who switch on them. */
export const ERROR_CODES = Object.freeze({
  BOLT_ERR_ORM_COERCION: { status: 500, class: 'CoercionError' },
  BOLT_ERR_ORM_UNSUPPORTED_SCHEMA: { status: 500, class: 'UnsupportedSchemaError' },
  BOLT_ERR_ORM_QUERY: { status: 500, class: 'QueryError' },
  BOLT_ERR_ORM_DATABASE_UNAVAILABLE: { status: 503, class: 'HTTPError' },
  BOLT_ERR_ORM_PREPARED_PLACEHOLDER: { status: 500, class: 'PreparedQueryError' },
} as const);

/**
 * A `prepareQuery` placeholder that did not become a query parameter: the builder read it or
 * computed with it (`Math.min(p.limit, 100)`, a column or table name). Thrown at startup.
 */
export class PreparedQueryError extends OrmCoerceError {
  readonly code = 'BOLT_ERR_ORM_PREPARED_PLACEHOLDER';
  readonly status = 500;

  constructor(name: string, sql: string) {
    super(
      `prepareQuery: params.${name} did not become a query parameter of \`${sql}\`. Pass placeholders ` +
        'to the builder as they are, as single values (compared values, limit, offset); compute with ' +
        'the values per request, before bind().',
    );
    this.name = 'PreparedQueryError';
  }
}
