// Bolt on @bolt/transport-uws (the sibling package, loaded from its build), same app.
const { serve } = await import(new URL('../../../transport-uws/dist/index.js', import.meta.url).href);

const app = { module: new URL('../../test/fixtures/example-like.js', import.meta.url), export: 'api' };
const server = await serve(app, { host: '127.0.0.1', port: Number(process.env.PORT ?? 8000) });
console.log(`uws listening on ${server.url}`);
process.once('SIGTERM', () => server.close({ graceMs: 500 }).then(() => process.exit(0)));
