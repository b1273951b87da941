/**
 * The OpenAPI 3.1 document of an app, built from `api.definitions()`: one operation per route and
 * method (HEAD routes that only mirror a GET are left out, as are hidden routes), named models in
 * `components/schemas`, auth schemes in `components/securitySchemes`.
 */

import { bodyMediaTypes } from '@bolt/core';
import { OperationIds } from './operation-id.js';
import type { DocumentOptions } from './options.js';
import { type ParameterObject, parametersOf, untypedPathParameters } from './parameters.js';
import { responsesOf } from './responses.js';
import type { RouteDefinitionLike, RoutesSource } from './route-definition.js';
import { SchemaRegistry } from './schema-registry.js';
import { SecurityCollector } from './security.js';
import { statusDescription } from './status-description.js';
import { errorResponse, validationResponse } from './validation-models.js';

/** An OpenAPI 3.1 document (typed loosely: it is data for tools and pages). */
export interface OpenAPIDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; [key: string]: unknown };
  servers?: unknown[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, object> };
  security?: Record<string, string[]>[];
  tags?: { name: string; description?: string }[];
}

/** One OpenAPI Operation Object. */
export interface Operation {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  deprecated?: boolean;
  parameters?: ParameterObject[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
  security?: Record<string, string[]>[];
}

/** `{rest...}` is Bolt's catch-all; OpenAPI paths name it `{rest}`. */
function openapiPath(pattern: string): string {
  return pattern.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\.\.\.\}/g, '{$1}');
}

/**
 * Builds the document for `source`'s routes (a BoltAPI, or its definitions). Throws an
 * OpenAPIError naming the route for a name conflict or an unknown security scheme.
 *
 * @example
 * const doc = buildDocument(api, { info: { title: 'Items', version: '1.0.0' } });
 * doc.paths['/items/{item_id}'].get.parameters; // [{ name: 'item_id', in: 'path', required: true, schema: { type: 'integer' } }]
 */
export function buildDocument(
  source: RoutesSource | readonly RouteDefinitionLike[],
  options: DocumentOptions = {},
): OpenAPIDocument {
  const definitions = Array.isArray(source) ? source : (source as RoutesSource).definitions();
  const registry = new SchemaRegistry();
  const security = new SecurityCollector(options.securitySchemes, options.security);
  const ids = new OperationIds();
  const format = options.errorFormat ?? 'detail';
  let validation: Record<string, unknown> | undefined;
  const validationOnce = () => (validation ??= validationResponse(registry, format));
  const paths: OpenAPIDocument['paths'] = {};
  const getPatterns = new Set(definitions.filter((d) => d.method === 'GET').map((d) => d.path.pattern));

  for (const def of definitions) {
    const { options: o, method, path } = def;
    if (o.hide || def.websocket) continue;
    if (method === 'HEAD' && getPatterns.has(path.pattern)) continue;
    const where = `${method} ${path.pattern}`;
    const typed = parametersOf('path', o.params, registry, where);
    const parameters = [
      ...typed,
      ...untypedPathParameters(path.paramNames, typed),
      ...parametersOf('query', o.query, registry, where),
      ...parametersOf('header', o.headers, registry, where),
      ...parametersOf('cookie', o.cookies, registry, where),
    ];
    const operation: Operation = {
      operationId: ids.take(o.operationId, method, path.pattern),
      responses: responsesOf(o, registry, where, validationOnce),
    };
    if (o.summary) operation.summary = o.summary;
    if (o.description) operation.description = o.description;
    if (o.tags?.length) operation.tags = [...o.tags];
    if (o.deprecated) operation.deprecated = true;
    if (parameters.length) operation.parameters = parameters;
    if (o.body) {
      // One schema for every media type the route takes: form fields bind to it like JSON does,
      // and a file field (`Upload()`) is written as a binary string.
      const schema = registry.convert(o.body, `${where} body`);
      const content: Record<string, { schema: unknown }> = {};
      for (const mediaType of bodyMediaTypes(o)) content[mediaType] = { schema };
      operation.requestBody = { required: true, content };
    }
    const auth = security.route(def, where);
    if (auth.security) operation.security = auth.security;
    for (const status of auth.statuses) {
      operation.responses[String(status)] ??= errorResponse(registry, format, statusDescription(status));
    }
    const key = openapiPath(path.pattern);
    paths[key] ??= {};
    (paths[key] as Record<string, Operation>)[method.toLowerCase()] = operation;
  }

  const doc: OpenAPIDocument = {
    openapi: '3.1.0',
    info: { ...(options.info ?? { title: 'Bolt API', version: '0.1.0' }) },
    paths,
    components: {},
  };
  if (options.servers?.length) doc.servers = options.servers.map((s) => ({ ...s }));
  const schemes = security.schemes();
  const schemas = registry.schemas();
  if (Object.keys(schemas).length) doc.components.schemas = schemas;
  if (schemes) doc.components.securitySchemes = schemes;
  if (security.defaultSecurity) doc.security = security.defaultSecurity;
  if (options.tags?.length) doc.tags = options.tags.map((t) => ({ ...t }));
  return doc;
}
