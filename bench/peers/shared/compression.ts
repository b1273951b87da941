/**
 * The compressed rows' settings, the same as Bolt's compress() and the Rust engine's: brotli quality
 * 4, gzip level 4, bodies of 1 KiB or more. BENCH_COMPRESS=1 (set by those rows only) turns a peer's
 * compression middleware on, so the other rows do not pay for its hook.
 */
export const COMPRESS = process.env.BENCH_COMPRESS === '1';
export const BROTLI_QUALITY = 4;
export const GZIP_LEVEL = 4;
export const MIN_BYTES = 1024;
