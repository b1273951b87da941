/**
 * The child process of `startChildServer`: serves the conformance app with the engine named in
 * BOLT_CONFORMANCE_CHILD and prints the port. It installs no signal handler of its own: SIGTERM
 * reaches the engine's, which is what the cases test.
 */
import { conformanceApp } from '../app-spec.js';
import { CHILD_ENV, READY } from './child-server.js';

interface Spec {
  module: string;
  options: Record<string, unknown>;
}

const spec = JSON.parse(process.env[CHILD_ENV] ?? '{}') as Spec;
const { serve } = (await import(spec.module)) as {
  serve: (app: unknown, options: Record<string, unknown>) => Promise<{ port: number }>;
};
const several = Number(spec.options.processes ?? 1) > 1 || Number(spec.options.workers ?? 1) > 1;
const server = await serve(several ? conformanceApp.app : conformanceApp.api, {
  ...spec.options,
  host: '127.0.0.1',
  port: 0,
});
process.stdout.write(`${READY} ${server.port}\n`);
