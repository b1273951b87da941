/**
 * Tells an unreachable or overloaded database (answered 503, worth retrying) from a failing query
 * (a bug or bad input, answered 500). Covers node's socket errors, PostgreSQL's SQLSTATE classes
 * and node-postgres' own messages, and SQLite's busy/locked/io codes from better-sqlite3.
 */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// SQLSTATE: 08 connection exception, 57P01-03 shutdown/starting up, 53300 too many connections.
const PG_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

const PG_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'the database system is starting up',
  'the database system is shutting down',
];

const SQLITE_CODES = /^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|FULL|PROTOCOL)/;

/**
 * True when `error` means the database cannot be reached or cannot serve now.
 *
 * @example
 * isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })); // true
 * isDatabaseUnavailable(Object.assign(new Error('syntax error'), { code: '42601' }));                 // false
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const { code, message, errors, cause } = error as {
    code?: unknown;
    message?: unknown;
    errors?: unknown;
    cause?: unknown;
  };
  if (typeof code === 'string') {
    if (SOCKET_CODES.has(code) || PG_STATES.has(code) || code.startsWith('08') || SQLITE_CODES.test(code)) {
      return true;
    }
  }
  if (typeof message === 'string' && PG_MESSAGES.some((text) => message.includes(text))) return true;
  // AggregateError (every address of a host refused) and wrapped causes.
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return cause !== undefined && isDatabaseUnavailable(cause, depth + 1);
}
