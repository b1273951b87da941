/**
 * Decoders for a whole set of string inputs (path params, query, headers, cookies) described by one
 * `t.Object`: each property decoded by kind, arrays from repeated keys, defaults applied, then the
 * object validated once so constraints (minimum, format, ...) hold.
 */
import { Kind, OptionalKind, type TObject, type TSchema } from '@sinclair/typebox';
import { SchemaError, SchemaErrorCode } from '../errors.js';
import type { InputLocation, ValidationIssue } from '../issue.js';
import { compileValidator } from '../validator.js';
import { compileScalarDecoder } from './compile-scalar-decoder.js';
import { needsValidation } from './needs-validation.js';
import { INVALID, type ScalarDecoder } from './scalar-decoders.js';

/** Raw string inputs by name; repeated query keys arrive as arrays. */
export type RawInputs = Readonly<Record<string, string | readonly string[] | undefined>>;

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/** Decodes and validates one input location into a typed object. */
export type InputDecoder<T = Record<string, unknown>> = (inputs: RawInputs) => DecodeResult<T>;

interface Field {
  name: string;
  sourceKey: string;
  required: boolean;
  hasDefault: boolean;
  defaultValue: unknown;
  isArray: boolean;
  decoder: ScalarDecoder;
}

function compileField(name: string, schema: TSchema, location: InputLocation, where: string): Field {
  const isArray = schema[Kind] === 'Array';
  const itemSchema = isArray ? (schema.items as TSchema) : schema;
  return {
    name,
    // FastAPI convention: a header declared as `x_token` is read from `x-token`.
    sourceKey: location === 'header' ? name.toLowerCase().replace(/_/g, '-') : name,
    required: schema[OptionalKind] !== 'Optional' && !('default' in schema),
    hasDefault: 'default' in schema,
    defaultValue: schema.default,
    isArray,
    decoder: compileScalarDecoder(itemSchema, `${where} ${location} "${name}"`),
  };
}

function cloneDefault(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}

/**
 * Compiles a decoder for `schema` (a `t.Object`) at `location`. `where` names the route in startup errors.
 *
 * @example
 * const decode = compileInputDecoder(t.Object({ n: t.Integer() }), 'query', 'GET /items');
 * decode({ n: '3' }) // { ok: true, value: { n: 3 } }
 * decode({ n: 'x' }) // { ok: false, issues: [{ loc: ['query', 'n'], type: 'int_parsing', ... }] }
 */
export function compileInputDecoder<T = Record<string, unknown>>(
  schema: TSchema,
  location: InputLocation,
  where: string,
): InputDecoder<T> {
  if (schema[Kind] !== 'Object') {
    throw new SchemaError(
      SchemaErrorCode.NOT_AN_OBJECT,
      `${where}: the ${location} schema must be t.Object({...}) naming each ${location} value, got "${String(schema[Kind])}".`,
    );
  }
  const fields = Object.entries((schema as TObject).properties).map(([name, prop]) =>
    compileField(name, prop, location, where),
  );
  const validator = needsValidation((schema as TObject).properties) ? compileValidator<T>(schema) : undefined;

  return (inputs) => {
    const value: Record<string, unknown> = {};
    let issues: ValidationIssue[] | undefined;
    for (const field of fields) {
      const raw = inputs[field.sourceKey];
      if (raw === undefined) {
        if (field.hasDefault) value[field.name] = cloneDefault(field.defaultValue);
        else if (field.required) {
          (issues ??= []).push({ loc: [location, field.name], msg: 'Field required', type: 'missing' });
        }
        continue;
      }
      if (field.isArray) {
        const list = typeof raw === 'string' ? [raw] : raw;
        const out: unknown[] = [];
        for (let i = 0; i < list.length; i++) {
          const item = field.decoder.decode(list[i] as string);
          if (item === INVALID) {
            (issues ??= []).push({
              loc: [location, field.name, i],
              msg: field.decoder.msg,
              type: field.decoder.type,
            });
          } else out.push(item);
        }
        value[field.name] = out;
        continue;
      }
      // A scalar given several times: the last one wins, as in most frameworks.
      const text = typeof raw === 'string' ? raw : (raw[raw.length - 1] as string);
      const decoded = field.decoder.decode(text);
      if (decoded === INVALID) {
        (issues ??= []).push({
          loc: [location, field.name],
          msg: field.decoder.msg,
          type: field.decoder.type,
        });
      } else value[field.name] = decoded;
    }
    if (issues) return { ok: false, issues };
    if (validator && !validator.check(value)) return { ok: false, issues: validator.issues(location, value) };
    return { ok: true, value: value as T };
  };
}
