/**
 * Per-kind decoders from one string (a path segment, a query value, a header) to a typed value.
 * Each returns INVALID when the text cannot be that kind; the caller reports it as a 422 issue.
 */

/** Marker for "this text is not a value of the kind". */
export const INVALID: unique symbol = Symbol('bolt.invalid');
export type Decoded = unknown | typeof INVALID;

/** A decoder plus how its failure reads in a FastAPI-style issue. */
export interface ScalarDecoder {
  decode(raw: string): Decoded;
  type: string;
  msg: string;
}

const INTEGER = /^[+-]?\d+$/;

export const integerDecoder: ScalarDecoder = {
  decode(raw) {
    if (!INTEGER.test(raw)) return INVALID;
    const n = Number(raw);
    return Number.isSafeInteger(n) ? n : INVALID;
  },
  type: 'int_parsing',
  msg: 'Input should be a valid integer, unable to parse string as an integer',
};

export const numberDecoder: ScalarDecoder = {
  decode(raw) {
    if (raw.trim() === '') return INVALID;
    const n = Number(raw);
    return Number.isFinite(n) ? n : INVALID;
  },
  type: 'float_parsing',
  msg: 'Input should be a valid number, unable to parse string as a number',
};

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

export const booleanDecoder: ScalarDecoder = {
  decode(raw) {
    const v = raw.toLowerCase();
    if (TRUE.has(v)) return true;
    if (FALSE.has(v)) return false;
    return INVALID;
  },
  type: 'bool_parsing',
  msg: 'Input should be a valid boolean, unable to interpret input',
};

export const stringDecoder: ScalarDecoder = {
  decode: (raw) => raw,
  type: 'string_type',
  msg: 'Input should be a valid string',
};

/** A decoder for a fixed set of allowed literals (TypeBox `t.Literal`, `t.Union` of literals, `t.Enum`). */
export function literalDecoder(values: readonly (string | number | boolean)[]): ScalarDecoder {
  const byText = new Map(values.map((v) => [String(v), v]));
  return {
    decode: (raw) => (byText.has(raw) ? byText.get(raw) : INVALID),
    type: 'literal_error',
    msg: `Input should be ${values.map((v) => JSON.stringify(v)).join(' or ')}`,
  };
}

/** Tries each member decoder in order (a union such as `t.Union([t.Integer(), t.Literal('all')])`). */
export function unionDecoder(members: readonly ScalarDecoder[]): ScalarDecoder {
  return {
    decode(raw) {
      for (const member of members) {
        const value = member.decode(raw);
        if (value !== INVALID) return value;
      }
      return INVALID;
    },
    type: 'union_error',
    msg: `Input should match one of: ${members.map((m) => m.type.replace(/_\w+$/, '')).join(', ')}`,
  };
}
