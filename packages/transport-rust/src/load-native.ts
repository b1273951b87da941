/**
 * Loads the compiled Rust add-on (`native/build/*.node`, built from source by `pnpm build`) and
 * fails loudly, naming the fix, when it is missing. There is no JavaScript fallback.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:process';
import { fileURLToPath } from 'node:url';
import { BoltRustError, RustErrorCode } from './errors.js';
import { BRIDGE_LAYOUT, type NativeBinding } from './native-types.js';

let loaded: NativeBinding | undefined;

function libc(): string {
  if (platform !== 'linux') return '';
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return report?.header?.glibcVersionRuntime ? '-gnu' : '-musl';
}

/** The add-on's file for this platform. */
export function nativePath(): string {
  const name = `bolt-transport-rust.${platform}-${arch}${libc()}.node`;
  return fileURLToPath(new URL(`../${name}`, import.meta.url));
}

/**
 * The add-on, loaded once per thread. Throws BOLT_ERR_RUST_NATIVE_LOAD when it is not built, or
 * was built from another bridge layout than this JavaScript speaks.
 */
export function loadNative(): NativeBinding {
  if (loaded) return loaded;
  const file = nativePath();
  if (!existsSync(file)) {
    throw new BoltRustError(
      RustErrorCode.NATIVE_LOAD,
      `The Rust engine is not built (${file} is missing): run \`pnpm --filter @bolt/transport-rust build\` (needs cargo).`,
    );
  }
  let native: NativeBinding;
  try {
    native = createRequire(import.meta.url)(file) as NativeBinding;
  } catch (cause) {
    throw new BoltRustError(
      RustErrorCode.NATIVE_LOAD,
      `The Rust engine at ${file} failed to load; rebuild it with \`pnpm --filter @bolt/transport-rust build\`.`,
      { cause },
    );
  }
  const layout = typeof native.bridgeLayout === 'function' ? native.bridgeLayout() : 1;
  if (layout !== BRIDGE_LAYOUT) {
    throw new BoltRustError(
      RustErrorCode.NATIVE_LOAD,
      `The Rust engine at ${file} speaks bridge layout ${layout}, this package ${BRIDGE_LAYOUT}: rebuild it with \`pnpm --filter @bolt/transport-rust build\`.`,
    );
  }
  loaded = native;
  return loaded;
}
