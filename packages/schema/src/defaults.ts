/**
 * Default values for JSON bodies, compiled once into a function that fills what the client left out.
 * Schemas with no `default` anywhere compile to `undefined`, so the hot path pays nothing.
 */
import { Kind, type TSchema } from '@sinclair/typebox';

/** Fills defaults into a parsed JSON value in place. */
export type DefaultsApplier = (value: unknown) => void;

function clone(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Compiles the defaults of `schema`; returns `undefined` when it declares none. */
export function compileDefaults(schema: TSchema): DefaultsApplier | undefined {
  if (schema[Kind] === 'Array') {
    const item = compileDefaults(schema.items as TSchema);
    if (!item) return undefined;
    return (value) => {
      if (Array.isArray(value)) for (const v of value) item(v);
    };
  }
  if (schema[Kind] !== 'Object') return undefined;
  const steps: DefaultsApplier[] = [];
  for (const [key, prop] of Object.entries(schema.properties as Record<string, TSchema>)) {
    if ('default' in prop) {
      const fallback = prop.default;
      steps.push((obj) => {
        if ((obj as Record<string, unknown>)[key] === undefined)
          (obj as Record<string, unknown>)[key] = clone(fallback);
      });
    }
    const nested = compileDefaults(prop);
    if (nested) steps.push((obj) => nested((obj as Record<string, unknown>)[key]));
  }
  if (steps.length === 0) return undefined;
  return (value) => {
    if (!isPlainObject(value)) return;
    for (const step of steps) step(value);
  };
}
