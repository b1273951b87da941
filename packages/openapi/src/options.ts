/** What the document says about the app as a whole, and where it and the docs pages are served. */
import type { SecuritySchemeLike } from '@bolt/core';

/** OpenAPI's Info Object. */
export interface InfoObject {
  title: string;
  version: string;
  summary?: string;
  description?: string;
  termsOfService?: string;
  contact?: { name?: string; url?: string; email?: string };
  license?: { name: string; identifier?: string; url?: string };
}

/** OpenAPI's Server Object. */
export interface ServerObject {
  url: string;
  description?: string;
  variables?: Record<string, { default: string; enum?: string[]; description?: string }>;
}

/** What goes into the document besides the routes. */
export interface DocumentOptions {
  /** Default `{ title: 'Bolt API', version: '0.1.0' }`. */
  info?: InfoObject;
  /** Default none (the docs pages then call the server they were loaded from). */
  servers?: ServerObject[];
  /** Schemes a route's `security` may name by string, and schemes listed even when unused. */
  securitySchemes?: readonly SecuritySchemeLike[];
  /** Security of every route that declares none (`[]` or unset: public). */
  security?: readonly (string | SecuritySchemeLike)[];
  /** Tag descriptions, in the order the docs page shows them. */
  tags?: { name: string; description?: string }[];
  /**
   * Shape of the 422 answer: `detail` (FastAPI's, the default) or `problem+json`. The plugin reads
   * it from the app; set it when building a document by hand for an app that uses problem+json.
   */
  errorFormat?: 'detail' | 'problem+json';
}

/** Where the plugin serves the document and the pages; `false` leaves one out. */
export interface ServeOptions {
  /** Default `/openapi.json`. */
  jsonPath?: string | false;
  /** Default `/openapi.yaml`. */
  yamlPath?: string | false;
  /** Swagger UI. Default `/docs`. */
  swaggerPath?: string | false;
  /** Scalar's API reference. Default `/docs/scalar`. */
  scalarPath?: string | false;
  /** Where the pages' script and style files are served. Default `/docs/assets`. */
  assetsPath?: string;
}

/** Options of the `openapi()` plugin. */
export interface OpenAPIOptions extends DocumentOptions, ServeOptions {}
