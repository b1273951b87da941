/**
 * The auth cases of @bolt/conformance, unchanged, over Rust in this thread twice: with the engine's native forms
 * (the default: the protected sub-apps' JWT checks, HS256 and RS256, run in Rust before JS) and
 * with `nativeForms: false` (every check in JS), so both answer as node:http and uWS do; and once
 * more with two JS workers.
 */
import { authApp, type ConformanceTarget, runAuthConformance } from '@bolt/conformance';
import t from 'tap';
import { serve } from '../src/index.js';
import { nativePlan } from '../src/native-plan.js';
import { rustTransport } from '../src/rust-transport.js';

const target = (nativeForms: boolean): ConformanceTarget => ({
  name: `rust (nativeForms: ${nativeForms})`,
  start: (spec) => rustTransport.listen(spec.api.compile(), { host: '127.0.0.1', port: 0, nativeForms }),
});

t.test('the auth app is one whose JWT checks Rust runs natively', async (t) => {
  const app = authApp.api.compile();
  const plan = nativePlan(app, true);
  t.same(plan.kinds, ['jwt'], 'the jwt kind goes native');
  t.equal(plan.forms.length, 2, 'both protect() forms (HS256 secret, RS256 PEM)');
  const native = app.routes.filter((_, i) => plan.routeForms[i] !== undefined).map((r) => r.pattern);
  t.same(
    native.sort(),
    ['/me', '/rsa/me', '/svc/whoami', '/team/', '/team/items'],
    "on the protected sub-apps and the routes whose only dependency is a scheme's user",
  );
  t.same(nativePlan(app, false).kinds, [], 'nothing native with nativeForms: false');
});

runAuthConformance(t, target(true));
runAuthConformance(t, target(false));
// Two JS workers importing the app module (its keys are fixed, so each worker has the same ones);
// the native plan is then made by the worker set-up (workers.ts), not by listen().
runAuthConformance(t, {
  name: 'rust (workers: 2, threads: 2)',
  start: (spec) =>
    serve(spec.app, { host: '127.0.0.1', port: 0, handleSignals: false, workers: 2, threads: 2 }),
});
