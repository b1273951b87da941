/**
 * Path, query, header and cookie parameters from a route's `t.Object` schemas, named as the binder
 * reads them (a header declared `x_token` is sent as `x-token`), required unless optional or
 * defaulted, arrays of repeated query keys in OpenAPI's default `form`/`explode` style.
 */
import { OptionalKind, type TSchema } from '@bolt/schema';
import type { JsonSchema } from './json-schema.js';
import type { SchemaRegistry } from './schema-registry.js';

type Location = 'path' | 'query' | 'header' | 'cookie';

/** OpenAPI's Parameter Object. */
export interface ParameterObject {
  name: string;
  in: Location;
  required: boolean;
  schema: JsonSchema;
  description?: string;
  deprecated?: boolean;
  style?: string;
  explode?: boolean;
}

function isRequired(schema: TSchema, parent: TSchema, key: string): boolean {
  if (schema[OptionalKind] === 'Optional' || 'default' in schema) return false;
  const required = parent.required;
  return Array.isArray(required) ? required.includes(key) : true;
}

/** The parameters one location's schema describes. */
export function parametersOf(
  location: Location,
  schema: TSchema | undefined,
  registry: SchemaRegistry,
  where: string,
): ParameterObject[] {
  const properties = (schema?.properties ?? {}) as Record<string, TSchema>;
  return Object.entries(properties).map(([key, property]) => {
    const param: ParameterObject = {
      name: location === 'header' ? key.toLowerCase().replace(/_/g, '-') : key,
      in: location,
      // Path parameters are always required (OpenAPI insists, and the router never matches without them).
      required: location === 'path' || isRequired(property, schema as TSchema, key),
      schema: registry.convert(property, `${where} ${location} "${key}"`),
    };
    if (typeof property.description === 'string') param.description = property.description;
    if (property.deprecated === true) param.deprecated = true;
    if (location === 'query' && property.type === 'array') {
      param.style = 'form';
      param.explode = true;
    }
    return param;
  });
}

/** Path parameters the path names but no schema types: plain strings. */
export function untypedPathParameters(names: readonly string[], typed: readonly ParameterObject[]) {
  const known = new Set(typed.map((p) => p.name));
  return names
    .filter((name) => !known.has(name))
    .map((name): ParameterObject => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
}
