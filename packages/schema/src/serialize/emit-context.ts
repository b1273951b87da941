/**
 * What the serializer's code generator shares while it walks a schema: fresh variable names, the
 * constants the generated function closes over, and the code that refuses a value.
 */

/** What an emitter hands back: a JavaScript expression for the value to write. */
export interface Emitted {
  /** The expression (a variable, a literal object, an array) that JSON.stringify receives. */
  readonly expr: string;
  /**
   * True when `expr` is the input itself, unchanged: an array of such items needs no copy, and
   * a property needs no assignment.
   */
  readonly same: boolean;
}

/**
 * A path to the current value, as JavaScript source that builds the string (`'$'`,
 * `'$[' + i1 + '].price'`). It is only evaluated inside a `fail(...)` call, so a request that fits
 * its model never builds one.
 */
export type PathExpr = string;

/** A kind this compiler does not handle; `compileSerializer` then uses fast-json-stringify. */
export class NotCompiled extends Error {
  constructor(readonly kind: string) {
    super(`schema kind ${kind} is serialized by fast-json-stringify`);
  }
}

export class EmitContext {
  #names = 0;
  /** Values the generated code reads as `c[0]`, `c[1]`, ... (validators, defaults, key sets). */
  readonly constants: unknown[] = [];

  /** A fresh variable name. */
  name(prefix: string): string {
    this.#names += 1;
    return `${prefix}${this.#names}`;
  }

  /** An expression that reads `value` from the constants. */
  constant(value: unknown): string {
    this.constants.push(value);
    return `c[${this.constants.length - 1}]`;
  }

  /** A statement refusing `value` at `path`: the generated `fail` throws a SerializationError. */
  fail(path: PathExpr, expected: string, value: string): string {
    return `fail(${path}, ${JSON.stringify(expected)}, ${value});`;
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The path one property further: `.name`, or `["odd key"]`. */
export function propertyPath(path: PathExpr, key: string): PathExpr {
  return IDENTIFIER.test(key)
    ? `${path} + ${JSON.stringify(`.${key}`)}`
    : `${path} + ${JSON.stringify(`[${JSON.stringify(key)}]`)}`;
}

/** A property read in generated code: `v.name`, or `v["odd key"]`. */
export function propertyRead(value: string, key: string): string {
  // `v.__proto__` would read the prototype: only an own property of that name is the field.
  if (key === '__proto__')
    return `(Object.hasOwn(${value}, '__proto__') ? ${value}['__proto__'] : undefined)`;
  return IDENTIFIER.test(key) ? `${value}.${key}` : `${value}[${JSON.stringify(key)}]`;
}

/** A key in a generated object literal. */
export function literalKey(key: string): string {
  // `{ __proto__: x }` would set the prototype; a computed key makes an own property.
  if (key === '__proto__') return '["__proto__"]';
  return IDENTIFIER.test(key) ? key : JSON.stringify(key);
}
