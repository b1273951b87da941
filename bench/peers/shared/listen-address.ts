/** Where a peer listens: HOST (127.0.0.1) and PORT (8000) from the environment, like the example app. */
export const HOST = process.env.HOST ?? '127.0.0.1';
export const PORT = Number(process.env.PORT ?? 8000);

/** Which routes a peer registers: `example` (the table) or `scaling` (payload and route-count rows). */
export const BENCH_APP = process.env.BENCH_APP === 'scaling' ? 'scaling' : 'example';
