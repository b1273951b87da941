/**
 * The bench/ folder, wherever this module runs from: compiled (dist/src/*.js) or from source under
 * tap's TypeScript loader (src/*.ts). Peers always run compiled, from dist/peers/.
 */
const fromSource = import.meta.url.endsWith('.ts');

/** bench/ as a file URL ending in a slash. */
export const BENCH_DIR = new URL(fromSource ? '../' : '../../', import.meta.url);

/** A file under bench/. */
export function benchFile(path: string): URL {
  return new URL(path, BENCH_DIR);
}
