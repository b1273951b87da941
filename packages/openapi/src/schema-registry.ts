/**
 * `components/schemas`: every named schema (`$id` or `title`) written once and referenced by
 * `$ref` everywhere it is used, so a model shared by several routes appears once in the docs.
 */
import { isDeepStrictEqual } from 'node:util';
import type { TSchema } from '@bolt/schema';
import { OpenAPIError, OpenAPIErrorCode } from './errors.js';
import { type JsonSchema, type SchemaSink, toJsonSchema } from './json-schema.js';

/** The `$ref` of a component schema. */
export function componentRef(name: string): JsonSchema {
  return { $ref: `#/components/schemas/${name}` };
}

/** Collects the named schemas of one document. */
export class SchemaRegistry implements SchemaSink {
  readonly #schemas = new Map<string, JsonSchema>();
  readonly #sources = new Map<string, TSchema>();
  /** Where each name was first seen, for the conflict message. */
  #where = '';

  /** Converts a route's schema; `where` (e.g. `GET /items body`) names it in errors. */
  convert(schema: TSchema, where: string): JsonSchema {
    this.#where = where;
    return toJsonSchema(schema, this);
  }

  /** Adds a schema under a fixed name (the 422 models). */
  define(name: string, schema: JsonSchema): JsonSchema {
    this.#schemas.set(name, schema);
    return componentRef(name);
  }

  named(name: string, source: TSchema, convert: () => JsonSchema): JsonSchema {
    const known = this.#sources.get(name);
    if (known === undefined) {
      this.#sources.set(name, source);
      // Reserved first: a recursive schema refers to itself while it is converted.
      this.#schemas.set(name, {});
      this.#schemas.set(name, convert());
    } else if (known !== source && !isDeepStrictEqual(stripSymbols(known), stripSymbols(source))) {
      throw new OpenAPIError(
        OpenAPIErrorCode.SCHEMA_NAME_CONFLICT,
        `${this.#where}: two different schemas are named "${name}" (by $id or title). ` +
          'Give one of them another $id/title, or share one schema object.',
      );
    }
    return componentRef(name);
  }

  ref(id: string): JsonSchema {
    return componentRef(id.replace(/[^A-Za-z0-9._-]+/g, '_'));
  }

  /** The `components/schemas` object, names sorted. */
  schemas(): Record<string, JsonSchema> {
    return Object.fromEntries([...this.#schemas].sort(([a], [b]) => a.localeCompare(b)));
  }
}

function stripSymbols(schema: TSchema): unknown {
  return JSON.parse(JSON.stringify(schema));
}
