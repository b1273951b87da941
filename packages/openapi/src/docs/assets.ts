/**
 * The docs pages' script and style files, read once at start-up from the packages installed in
 * node_modules (`swagger-ui-dist`, `@scalar/api-reference`): nothing is fetched from a CDN, so the
 * pages work offline and behind a CSP that allows only the app's own origin.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { OpenAPIError, OpenAPIErrorCode } from '../errors.js';
import { SCALAR_INIT, SWAGGER_INIT } from './init-scripts.js';

const require = createRequire(import.meta.url);

/** One file a page loads: its body and content type. */
export interface Asset {
  readonly body: string;
  readonly contentType: string;
}

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/** The folder of `specifier`'s resolved file (`name/package.json`, or the package's main entry). */
function packageDir(name: string, specifier: string): string {
  try {
    return dirname(require.resolve(specifier));
  } catch (error) {
    throw new OpenAPIError(
      OpenAPIErrorCode.ASSET_MISSING,
      `The docs page needs the "${name}" package, which did not resolve from @bolt/openapi (${(error as Error).message}). Install it next to @bolt/openapi.`,
    );
  }
}

async function read(dir: string, file: string, contentType: string): Promise<Asset> {
  const path = join(dir, file);
  try {
    return { body: await readFile(path, 'utf8'), contentType };
  } catch (error) {
    throw new OpenAPIError(
      OpenAPIErrorCode.ASSET_MISSING,
      `The docs page file ${path} could not be read (${(error as Error).message}); reinstall its package.`,
    );
  }
}

/** Which pages to load files for. */
export interface AssetChoice {
  swagger: boolean;
  scalar: boolean;
}

/** The files by the name they are served under. */
export async function loadAssets(choice: AssetChoice): Promise<Map<string, Asset>> {
  const assets = new Map<string, Asset>();
  if (choice.swagger) {
    const dir = packageDir('swagger-ui-dist', 'swagger-ui-dist/package.json');
    assets.set('swagger-ui.css', await read(dir, 'swagger-ui.css', CSS));
    assets.set('swagger-ui-bundle.js', await read(dir, 'swagger-ui-bundle.js', JS));
    assets.set('swagger-init.js', { body: SWAGGER_INIT, contentType: JS });
  }
  if (choice.scalar) {
    // The package's exports map hides package.json; its main entry sits in dist/, beside browser/.
    const dir = join(packageDir('@scalar/api-reference', '@scalar/api-reference'), 'browser');
    assets.set('scalar.js', await read(dir, 'standalone.js', JS));
    assets.set('scalar-init.js', { body: SCALAR_INIT, contentType: JS });
  }
  return assets;
}
