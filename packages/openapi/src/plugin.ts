/**
 * The `openapi()` plugin: builds the document once per process/worker at start-up (after every
 * route is declared), and serves it as JSON and YAML with the Swagger UI and Scalar pages beside
 * it. Its own routes are hidden from the document.
 */
import { type BoltAPI, type BoltPlugin, HTTPError, html, text } from '@bolt/core';
import { stringify } from 'yaml';
import { buildDocument, type OpenAPIDocument } from './build-document.js';
import { type Asset, loadAssets } from './docs/assets.js';
import { docsPolicy, scalarPage, swaggerPage } from './docs/pages.js';
import type { OpenAPIOptions } from './options.js';

/** The plugin, plus the document it serves. */
export interface OpenAPIPlugin extends BoltPlugin {
  /** The document (built at start-up; built now if the app has not started). */
  document(): OpenAPIDocument;
}

interface Built {
  doc: OpenAPIDocument;
  json: string;
  yaml: string;
}

/** Whether the app answers errors as problem+json (read from its fixed 404 answer). */
function errorFormatOf(api: BoltAPI): 'detail' | 'problem+json' {
  const app = api.compile() as { errorResponse?(status: number): { headers: readonly string[] } };
  const headers = app.errorResponse?.(404).headers ?? [];
  const type = headers[headers.indexOf('content-type') + 1] ?? '';
  return type.startsWith('application/problem+json') ? 'problem+json' : 'detail';
}

const ROUTE = { hide: true, compress: true } as const;

/**
 * Serves the app's OpenAPI 3.1 document and docs pages. Use it on the root API.
 *
 * @example
 * const api = new BoltAPI({ plugins: [openapi({ info: { title: 'Items', version: '1.0.0' } })] });
 * // GET /openapi.json, /openapi.yaml, /docs (Swagger UI), /docs/scalar (Scalar)
 */
export function openapi(options: OpenAPIOptions = {}): OpenAPIPlugin {
  const jsonPath = options.jsonPath ?? '/openapi.json';
  const yamlPath = options.yamlPath ?? '/openapi.yaml';
  const swaggerPath = options.swaggerPath ?? '/docs';
  const scalarPath = options.scalarPath ?? '/docs/scalar';
  const assetsPath = options.assetsPath ?? '/docs/assets';
  const title = options.info?.title ?? 'Bolt API';
  // The pages load the document from `jsonPath`: without it they have nothing to show.
  const specUrl = jsonPath || '/openapi.json';
  let root: BoltAPI | undefined;
  let built: Built | undefined;
  let assets: Map<string, Asset> | undefined;

  const build = (): Built => {
    if (!root) throw new Error('openapi(): the plugin is not used on an API yet (api.use(openapi())).');
    const doc = buildDocument(root, { ...options, errorFormat: options.errorFormat ?? errorFormatOf(root) });
    return { doc, json: JSON.stringify(doc), yaml: stringify(doc, { aliasDuplicateObjects: false }) };
  };
  const current = () => (built ??= build());

  return {
    name: 'openapi',
    document: () => current().doc,
    register(api) {
      root = api;
      api.onStartup(async () => {
        built = build();
        if (swaggerPath || scalarPath) {
          assets = await loadAssets({ swagger: Boolean(swaggerPath), scalar: Boolean(scalarPath) });
        }
      });
      if (jsonPath) {
        api.get(jsonPath, ROUTE, () =>
          text(current().json, { headers: { 'content-type': 'application/json' } }),
        );
      }
      if (yamlPath) {
        api.get(yamlPath, ROUTE, () =>
          text(current().yaml, { headers: { 'content-type': 'application/yaml; charset=utf-8' } }),
        );
      }
      if (swaggerPath) {
        const page = swaggerPage(title, specUrl, assetsPath);
        const headers = { 'content-security-policy': docsPolicy(), 'cache-control': 'no-cache' };
        api.get(swaggerPath, ROUTE, () => html(page, { headers }));
      }
      if (scalarPath) {
        const page = scalarPage(title, specUrl, assetsPath);
        const headers = { 'content-security-policy': docsPolicy(true), 'cache-control': 'no-cache' };
        api.get(scalarPath, ROUTE, () => html(page, { headers }));
      }
      if (swaggerPath || scalarPath) {
        api.get(`${assetsPath}/{file}`, ROUTE, ({ params }) => {
          const asset = assets?.get(params.file);
          if (!asset) throw new HTTPError(404, 'Not Found');
          return text(asset.body, {
            headers: { 'content-type': asset.contentType, 'cache-control': 'public, max-age=3600' },
          });
        });
      }
    },
  };
}
