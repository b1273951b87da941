import { fail } from './failure.js';

/**
 * Nested results (`jsonArrayFrom`, `jsonObjectFrom`, json/jsonb columns) arrive as JSON text on
 * SQLite and as parsed values on PostgreSQL. This reads the text form; text that is not JSON of
 * the expected shape fails.
 */
export function parseJsonText(text: string, expected: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fail(`${expected} (or its JSON text)`, text);
  }
}
