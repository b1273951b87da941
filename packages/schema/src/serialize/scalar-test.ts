/**
 * The scalar kinds (string, number, integer, boolean, null, literal, any): a test that a value
 * fits, as a JavaScript expression, and for dates the conversion to their JSON text. A scalar that
 * fits goes to JSON.stringify unchanged, which writes and escapes it natively.
 */
import { Kind, type TSchema } from '@sinclair/typebox';

/** How generated code checks (and, for `date`/`time` strings, converts) one scalar. */
export interface ScalarTest {
  /** A boolean expression, true when the value in variable `v` fits. */
  readonly test: (v: string) => string;
  /** Said in the refusal: what the model declares here. */
  readonly expected: string;
  /** An expression for what to write when it differs from the value (a Date as `date`). */
  readonly convert?: (v: string) => string;
}

const VALID_DATE = (v: string) => `(${v} instanceof Date && ${v}.getTime() === ${v}.getTime())`;

/** `date` and `time` strings written from a Date: the UTC part of its ISO text. */
const DATE_PART: Record<string, (v: string) => string> = {
  date: (v) => `${v}.toISOString().slice(0, 10)`,
  time: (v) => `${v}.toISOString().slice(11)`,
};

function stringTest(schema: TSchema): ScalarTest {
  const format = typeof schema.format === 'string' ? schema.format : undefined;
  const part = format === undefined ? undefined : DATE_PART[format];
  // A Date where a string is declared is written as its ISO text (JSON.stringify calls toJSON),
  // or its date or time part for those formats; an invalid Date has no text and is refused.
  const test = (v: string) => `(typeof ${v} === 'string' || ${VALID_DATE(v)})`;
  if (part === undefined) return { test, expected: 'a string (or a valid Date)' };
  return {
    test,
    expected: `a string (or a valid Date, written as its ${format})`,
    convert: (v) => `(typeof ${v} === 'string' ? ${v} : ${part(v)})`,
  };
}

/** The test of a scalar schema, or undefined when `schema` is not a scalar kind. */
export function scalarTest(schema: TSchema): ScalarTest | undefined {
  switch (schema[Kind]) {
    case 'String':
      return stringTest(schema);
    case 'Number':
      // `v - v === 0` is false for NaN and ±Infinity, which JSON cannot carry.
      return { test: (v) => `(typeof ${v} === 'number' && ${v} - ${v} === 0)`, expected: 'a finite number' };
    case 'Integer':
      return { test: (v) => `Number.isInteger(${v})`, expected: 'an integer' };
    case 'Boolean':
      return { test: (v) => `(typeof ${v} === 'boolean')`, expected: 'a boolean' };
    case 'Null':
      return { test: (v) => `(${v} === null)`, expected: 'null' };
    case 'Literal': {
      const text = JSON.stringify(schema.const);
      return { test: (v) => `(${v} === ${text})`, expected: text };
    }
    case 'Any':
    case 'Unknown':
      return { test: () => 'true', expected: 'any value' };
    default:
      return undefined;
  }
}
