/**
 * @bolt/openapi: the OpenAPI 3.1 document of a Bolt app, built once from its routes (schemas,
 * parameters, responses, the 422 model, shared components, auth schemes), served as
 * `/openapi.json` and `/openapi.yaml`, with Swagger UI (`/docs`) and Scalar (`/docs/scalar`)
 * pages served from node_modules.
 *
 * @example
 * import { openapi } from '@bolt/openapi';
 * const api = new BoltAPI({ plugins: [openapi({ info: { title: 'Items', version: '1.0.0' } })] });
 */
export { buildDocument, type OpenAPIDocument, type Operation } from './build-document.js';
export { docsPolicy } from './docs/pages.js';
export { OpenAPIError, OpenAPIErrorCode } from './errors.js';
export { defaultOperationId } from './operation-id.js';
export type { DocumentOptions, InfoObject, OpenAPIOptions, ServeOptions, ServerObject } from './options.js';
export { type OpenAPIPlugin, openapi } from './plugin.js';
export type { RouteDefinitionLike, RoutesSource } from './route-definition.js';
