/**
 * A route's responses by status: its models (one, or one per status), the status plain data goes
 * out with when it declares none, and the 422 model when it validates input.
 */
import { Kind, type TSchema } from '@bolt/schema';
import type { RouteOptionsLike } from './route-definition.js';
import type { SchemaRegistry } from './schema-registry.js';
import { statusDescription } from './status-description.js';

function isSchema(value: unknown): value is TSchema {
  return typeof value === 'object' && value !== null && Kind in value;
}

/** Whether the route checks any input (and so may answer 422). */
export function validatesInput(options: RouteOptionsLike): boolean {
  return Boolean(options.params || options.query || options.headers || options.cookies || options.body);
}

/** The route's declared models by status. */
function modelsByStatus(options: RouteOptionsLike): Map<number, TSchema> {
  const map = new Map<number, TSchema>();
  const response = options.response;
  if (!response) return map;
  if (isSchema(response)) map.set(options.status ?? 200, response);
  else for (const [status, schema] of Object.entries(response)) map.set(Number(status), schema);
  return map;
}

/** The Responses Object of a route. */
export function responsesOf(
  options: RouteOptionsLike,
  registry: SchemaRegistry,
  where: string,
  validation: () => Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const models = modelsByStatus(options);
  for (const [status, schema] of [...models].sort(([a], [b]) => a - b)) {
    out[String(status)] = {
      description: statusDescription(status),
      content: {
        'application/json': { schema: registry.convert(schema, `${where} response ${status}`) },
      },
    };
  }
  if (![...models.keys()].some((s) => s >= 200 && s < 300)) {
    // No model for success: the handler's data goes out as it is (JSON, text or bytes).
    out[String(options.status ?? 200)] = { description: statusDescription(options.status ?? 200) };
  }
  if (validatesInput(options) && !models.has(422)) out['422'] = validation();
  return out;
}
