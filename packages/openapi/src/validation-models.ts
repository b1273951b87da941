/**
 * The 422 answer's model, added to every route that validates input, in the app's error format:
 * FastAPI's `HTTPValidationError` (`{"detail":[{loc,msg,type}]}`) or RFC 9457 problem details.
 */
import type { JsonSchema } from './json-schema.js';
import type { SchemaRegistry } from './schema-registry.js';

const VALIDATION_ERROR: JsonSchema = {
  type: 'object',
  title: 'ValidationError',
  required: ['loc', 'msg', 'type'],
  properties: {
    loc: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'integer' }] } },
    msg: { type: 'string' },
    type: { type: 'string' },
  },
};

/** The 422 response object, its models registered in `registry`. */
export function validationResponse(
  registry: SchemaRegistry,
  format: 'detail' | 'problem+json',
): Record<string, unknown> {
  const item = registry.define('ValidationError', VALIDATION_ERROR);
  if (format === 'problem+json') {
    const schema = registry.define('ValidationProblem', {
      type: 'object',
      title: 'ValidationProblem',
      required: ['type', 'title', 'status', 'code', 'errors'],
      properties: {
        type: { type: 'string' },
        title: { type: 'string' },
        status: { type: 'integer', const: 422 },
        code: { type: 'string' },
        errors: { type: 'array', items: item },
      },
    });
    return { description: 'Validation Error', content: { 'application/problem+json': { schema } } };
  }
  const schema = registry.define('HTTPValidationError', {
    type: 'object',
    title: 'HTTPValidationError',
    required: ['detail'],
    properties: { detail: { type: 'array', items: item } },
  });
  return { description: 'Validation Error', content: { 'application/json': { schema } } };
}

/** Any other error answer (401, 403, ...) in the app's error format. */
export function errorResponse(
  registry: SchemaRegistry,
  format: 'detail' | 'problem+json',
  description: string,
): Record<string, unknown> {
  if (format === 'problem+json') {
    const schema = registry.define('Problem', {
      type: 'object',
      title: 'Problem',
      required: ['type', 'title', 'status'],
      properties: {
        type: { type: 'string' },
        title: { type: 'string' },
        status: { type: 'integer' },
        code: { type: 'string' },
        detail: {},
      },
    });
    return { description, content: { 'application/problem+json': { schema } } };
  }
  const schema = registry.define('HTTPError', {
    type: 'object',
    title: 'HTTPError',
    required: ['detail'],
    properties: { detail: {} },
  });
  return { description, content: { 'application/json': { schema } } };
}
