/**
 * Sample values for a JSON Schema of the served document (`$ref`s into its components resolved),
 * so a test can call every route with valid inputs without a hand-written case per route.
 */
type Schema = { [key: string]: unknown };

/** Resolves `#/components/schemas/X` against `doc`. */
export function resolve(schema: Schema, doc: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.replace('#/components/schemas/', '');
  const components = (doc.components as { schemas: Record<string, Schema> }).schemas;
  return resolve(components[name] as Schema, doc);
}

/** A value valid for `schema`. */
export function sample(input: Schema, doc: Schema): unknown {
  const schema = resolve(input, doc);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const union = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (union) return sample(union.find((s) => s.type !== 'null') ?? (union[0] as Schema), doc);
  switch (schema.type) {
    case 'string':
      if (schema.format === 'email') return 'alice@example.com';
      if (schema.format === 'date-time') return new Date(0).toISOString();
      return 'x'.repeat(Math.max(1, Number(schema.minLength ?? 1)));
    case 'integer':
    case 'number':
      return Math.max(Number(schema.minimum ?? 1), Math.min(1, Number(schema.maximum ?? 1)));
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return [sample((schema.items ?? {}) as Schema, doc)];
    case 'object': {
      const out: Record<string, unknown> = {};
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      for (const key of (schema.required ?? []) as string[]) out[key] = sample(properties[key] ?? {}, doc);
      return out;
    }
    default:
      return 'x';
  }
}
