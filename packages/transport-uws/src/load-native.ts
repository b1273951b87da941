/**
 * Loads uWebSockets.js as a native addon, never as a JS imitation.
 *
 * Order: an installed official `uWebSockets.js` (published on GitHub, not on npm) when it resolves;
 * else the native build inside `@trufflesuite/uws-js-unofficial@20.30.0-unofficial.0`, required by
 * file name because that package's own entry silently falls back to a slow pure-JS server.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as Uws from '@trufflesuite/uws-js-unofficial';
import { BoltUwsError, UwsErrorCode } from './errors.js';

/** The uWebSockets.js API (types from the 20.30 build). */
export type UwsModule = typeof Uws;

/** Which package provided the addon. */
export type UwsSource = 'uWebSockets.js' | '@trufflesuite/uws-js-unofficial';

/** A loaded addon and where it came from. */
export interface NativeUws {
  readonly uws: UwsModule;
  readonly source: UwsSource;
  /** The package entry or `.node` file that was required. */
  readonly path: string;
}

/** Overrides for tests and diagnostics; the defaults describe the running Node. */
export interface LoadNativeOptions {
  /** Directory (or file URL) packages are resolved from. Default: this package's own location. */
  resolveFrom?: string | URL;
  /** Default `process.platform`. */
  platform?: string;
  /** Default `process.arch`. */
  arch?: string;
  /** Node's module ABI. Default `process.versions.modules`. */
  abi?: string;
}

const UNOFFICIAL = '@trufflesuite/uws-js-unofficial';
/** Node major version per module ABI, for error messages. */
const NODE_BY_ABI: Readonly<Record<string, string>> = {
  '93': '16',
  '108': '18',
  '115': '20',
  '120': '21',
  '127': '22',
  '131': '23',
  '137': '24',
};

/**
 * How much of a request head official uWS (v20.52 and later) buffers when the head arrives over
 * several reads; it reads this variable once, when the addon loads. Its default, 4 KiB, drops a
 * split head past that (a large cookie or token) without an answer. 64 KiB leaves Bolt's own
 * `maxHeaderSize` (16 KiB) to decide, with a 431. uWS 20.30 has the 4 KiB fixed and ignores it.
 */
const HEAD_BUFFER_ENV = 'UWS_HTTP_MAX_HEADERS_SIZE';
const HEAD_BUFFER_BYTES = '65536';

let cached: NativeUws | undefined;

/**
 * Loads the addon (once per thread with default options) or throws `BOLT_ERR_UWS_NATIVE_UNAVAILABLE`
 * with the Node versions and platforms that work and how to install the official package.
 *
 * @example
 * const { uws, source } = loadNative();   // source: '@trufflesuite/uws-js-unofficial' on Node 20
 */
export function loadNative(options: LoadNativeOptions = {}): NativeUws {
  const useCache = Object.keys(options).length === 0;
  if (useCache && cached) return cached;
  const from = options.resolveFrom ?? import.meta.url;
  const base = typeof from === 'string' && !from.startsWith('file:') ? join(from, 'noop.js') : from;
  const require = createRequire(base);
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const abi = options.abi ?? process.versions.modules;
  const causes: string[] = [];

  const official = tryOfficial(require, causes);
  const loaded = official ?? tryUnofficial(require, platform, arch, abi, causes);
  if (!loaded) throw unavailable(require, platform, arch, abi, causes);
  if (useCache) cached = loaded;
  return loaded;
}

function tryOfficial(require: NodeRequire, causes: string[]): NativeUws | undefined {
  let path: string;
  try {
    path = require.resolve('uWebSockets.js');
  } catch {
    return undefined; // not installed: the usual case on Node 20
  }
  process.env[HEAD_BUFFER_ENV] ??= HEAD_BUFFER_BYTES; // a value the user set wins
  try {
    return { uws: require(path) as UwsModule, source: 'uWebSockets.js', path };
  } catch (error) {
    causes.push(`uWebSockets.js at ${path}: ${(error as Error).message}`);
    return undefined;
  }
}

function tryUnofficial(
  require: NodeRequire,
  platform: string,
  arch: string,
  abi: string,
  causes: string[],
): NativeUws | undefined {
  const dir = unofficialBinaries(require);
  if (!dir) {
    causes.push(`${UNOFFICIAL} is not installed`);
    return undefined;
  }
  const path = join(dir, `uws_${platform}_${arch}_${abi}.node`);
  if (!existsSync(path)) {
    causes.push(`${UNOFFICIAL} has no build ${path}`);
    return undefined;
  }
  try {
    const uws = require(path) as UwsModule;
    if (typeof uws.App !== 'function') throw new Error('the addon exports no App()');
    return { uws, source: UNOFFICIAL, path };
  } catch (error) {
    causes.push(`${path}: ${(error as Error).message}`);
    return undefined;
  }
}

function unofficialBinaries(require: NodeRequire): string | undefined {
  try {
    return join(dirname(require.resolve(`${UNOFFICIAL}/package.json`)), 'binaries');
  } catch {
    return undefined;
  }
}

/** Lists the builds the unofficial package ships, as `Node 20 on linux-x64` lines. */
function supportedBuilds(require: NodeRequire): string {
  const dir = unofficialBinaries(require);
  if (!dir || !existsSync(dir)) return 'Node 16, 18 and 20 on linux, darwin and win32';
  const byTarget = new Map<string, string[]>();
  for (const file of readdirSync(dir)) {
    const m = /^uws_(\w+)_(\w+)_(\d+)\.node$/.exec(file);
    if (!m) continue;
    const target = `${m[1]}-${m[2]}`;
    const node = NODE_BY_ABI[m[3]!] ? `Node ${NODE_BY_ABI[m[3]!]}` : `ABI ${m[3]}`;
    byTarget.set(target, [...(byTarget.get(target) ?? []), node]);
  }
  return [...byTarget].map(([target, nodes]) => `${nodes.sort().join('/')} on ${target}`).join('; ');
}

function unavailable(
  require: NodeRequire,
  platform: string,
  arch: string,
  abi: string,
  causes: string[],
): BoltUwsError {
  const node = NODE_BY_ABI[abi] ? `Node ${NODE_BY_ABI[abi]}` : `Node with module ABI ${abi}`;
  return new BoltUwsError(
    UwsErrorCode.NATIVE_UNAVAILABLE,
    `uWebSockets.js has no native build for ${node} on ${platform}-${arch} here, and Bolt never runs on ` +
      `the slow JS fallback. ${UNOFFICIAL}@20.30.0-unofficial.0 works with ${supportedBuilds(require)}. ` +
      'On another Node version or platform install the official ' +
      'package, which Bolt prefers when it resolves: `pnpm add uWebSockets.js@github:uNetworking/' +
      'uWebSockets.js#v20.52.0` (or npm install with the same specifier); or serve with ' +
      `@bolt/transport-rust or @bolt/core/node. Tried: ${causes.join('; ')}.`,
  );
}
