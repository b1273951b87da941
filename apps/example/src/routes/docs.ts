/**
 * The example's OpenAPI document and docs pages (@bolt/openapi): `GET /openapi.json`,
 * `/openapi.yaml`, `/docs` (Swagger UI) and `/docs/scalar` (Scalar), all built from the routes at
 * start-up. The bearer and API-key schemes come from the auth routes' dependencies.
 */
import { type OpenAPIPlugin, openapi } from '@bolt/openapi';

type Env = Readonly<Record<string, string | undefined>>;

/** The plugin, for the root API. PUBLIC_URL, when set, is listed as the document's server. */
export function docsPlugin(env: Env = process.env): OpenAPIPlugin {
  return openapi({
    info: {
      title: 'Bolt example',
      version: '0.1.0',
      description: 'The endpoints the tests, smoke checks and benchmarks use.',
    },
    ...(env.PUBLIC_URL ? { servers: [{ url: env.PUBLIC_URL }] } : {}),
    tags: [
      { name: 'items', description: 'Items without a database' },
      { name: 'bench', description: 'Benchmark endpoints' },
    ],
  });
}
