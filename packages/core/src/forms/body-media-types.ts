/**
 * The media types a route's body is taken in, as documents and clients name them: what
 * `routeBody` decides at startup (`contentTypes`, or multipart for a body with file fields),
 * without its checks. @bolt/openapi lists one request body content per media type.
 */
import type { TSchema } from '@bolt/schema';
import { type BodyKind, MEDIA_TYPE } from './content-type.js';
import { hasFileFields } from './form-decoder.js';

/** `[]` when the route has no body schema. */
export function bodyMediaTypes(options: { body?: TSchema; contentTypes?: readonly BodyKind[] }): string[] {
  if (!options.body) return [];
  const kinds = options.contentTypes ?? (hasFileFields(options.body) ? ['multipart'] : ['json']);
  return kinds.map((kind) => MEDIA_TYPE[kind]);
}
