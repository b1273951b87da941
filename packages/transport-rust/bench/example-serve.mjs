// Serves the example app on Rust in this process; argv[2]: port, argv[3]: 'on' | 'off' (nativeForms).
const { api } = await import(new URL('../../../apps/example/dist/app.js', import.meta.url).href);
const { rustTransport } = await import(new URL('../dist/index.js', import.meta.url).href);
const app = api.compile();
await app.startup();
const server = await rustTransport.listen(app, { host: '127.0.0.1', port: Number(process.argv[2]), nativeForms: process.argv[3] === 'on' });
console.log('ready', server.port);
