/**
 * The package's type tests (select-model.types.test.ts's `@ts-expect-error` lines among them) run
 * through tsc inside the tap run, so CI checks them: a model key that is not a column must stay a
 * compile error.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const project = fileURLToPath(new URL('../tsconfig.json', import.meta.url));

t.test('tsc accepts the package and its type tests, and every @ts-expect-error fires', async (t) => {
  const output = await new Promise<{ code: number; out: string }>((resolve) => {
    execFile(process.execPath, [tsc, '--noEmit', '-p', project], (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out: stdout + stderr }),
    );
  });
  t.equal(output.code, 0, output.out || 'no type errors');
});
