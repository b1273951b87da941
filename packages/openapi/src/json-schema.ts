/**
 * TypeBox schemas as plain JSON Schema 2020-12 (the dialect of OpenAPI 3.1): symbol keys dropped,
 * TypeBox's non-JSON kinds mapped to their JSON forms, draft-07 tuples rewritten, and named
 * schemas (`$id` or `title`) handed to the registry, which returns a `$ref` for them.
 */
import { Kind, type TSchema } from '@bolt/schema';

/** A JSON Schema as it goes into the document. */
export type JsonSchema = { [key: string]: unknown };

/** Where named schemas go; returns the `$ref` that replaces them. */
export interface SchemaSink {
  /** The `$ref` for a named schema (registering it on first sight). */
  named(name: string, source: TSchema, convert: () => JsonSchema): JsonSchema;
  /** The `$ref` for a TypeBox `t.Ref('Name')` / recursive self-reference by id. */
  ref(id: string): JsonSchema;
}

/** Kinds with no JSON form, as the JSON they are written as. */
const KIND_FORMS: Record<string, JsonSchema> = {
  Date: { type: 'string', format: 'date-time' },
  Uint8Array: { type: 'string', contentEncoding: 'base64' },
  BigInt: { type: 'integer' },
  Undefined: { not: {} },
  Void: { not: {} },
  Never: { not: {} },
};

const CHILD_MAPS = ['properties', 'patternProperties', '$defs', 'dependentSchemas'] as const;
const CHILD_LISTS = ['anyOf', 'allOf', 'oneOf', 'prefixItems'] as const;
const CHILD_ONE = [
  'items',
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'not',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
] as const;

/** The name a schema is shared under in `components/schemas`, when it has one. */
export function schemaName(schema: TSchema): string | undefined {
  const id = typeof schema.$id === 'string' ? schema.$id : undefined;
  const title = typeof schema.title === 'string' ? schema.title : undefined;
  const raw = id ?? title;
  // Component names allow letters, digits, '.', '-' and '_'.
  return raw === undefined ? undefined : raw.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/**
 * Converts `schema`. The top-level schema is hoisted too when named, unless `inline` is set (the
 * registry converts a component's own body that way).
 */
export function toJsonSchema(schema: TSchema, sink: SchemaSink, inline = false): JsonSchema {
  const name = inline ? undefined : schemaName(schema);
  if (name !== undefined) return sink.named(name, schema, () => toJsonSchema(schema, sink, true));
  const kind = schema[Kind] as string | undefined;
  if (kind && KIND_FORMS[kind]) return withAnnotations({ ...KIND_FORMS[kind] }, schema);
  if (kind === 'Ref' || (typeof schema.$ref === 'string' && !schema.$ref.startsWith('#'))) {
    return sink.ref(String(schema.$ref));
  }
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$id') continue;
    if ((CHILD_MAPS as readonly string[]).includes(key) && isObject(value)) {
      const map: JsonSchema = {};
      for (const [k, child] of Object.entries(value)) map[k] = toJsonSchema(child as TSchema, sink);
      out[key] = map;
    } else if ((CHILD_LISTS as readonly string[]).includes(key) && Array.isArray(value)) {
      out[key] = value.map((child: TSchema) => toJsonSchema(child, sink));
    } else if ((CHILD_ONE as readonly string[]).includes(key) && isObject(value)) {
      out[key] = toJsonSchema(value as TSchema, sink);
    } else if (key === 'items' && Array.isArray(value)) {
      // TypeBox writes tuples the draft-07 way (`items: [...]`); 2020-12 calls that prefixItems.
      out.prefixItems = value.map((child: TSchema) => toJsonSchema(child, sink));
      out.items = false;
    } else if (key === 'additionalItems') {
      // Replaced by `items: false` above.
    } else {
      out[key] = value;
    }
  }
  return out;
}

function withAnnotations(out: JsonSchema, schema: TSchema): JsonSchema {
  for (const key of ['description', 'title', 'default', 'examples', 'deprecated'] as const) {
    if (schema[key] !== undefined) out[key] = schema[key];
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
