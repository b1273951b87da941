/**
 * The README's pipeline examples are tests: each block marked `<!-- readme-example: name -->` is
 * written to a module next to this file's package and run; its `assert`s must hold.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';

const run = promisify(execFile);
const packageDir = new URL('..', import.meta.url).pathname;
const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/<!-- readme-example: ([\w-]+) -->\n```ts\n([\s\S]*?)```/g)];

t.ok(blocks.length >= 5, 'the README has its examples');
// Inside the package, so `@bolt/core` resolves to this package (its dist) as it does for users.
const dir = mkdtempSync(join(packageDir, 'test', '.readme-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

for (const [, name, code] of blocks) {
  t.test(`README example: ${name}`, async (t) => {
    const file = join(dir, `${name}.ts`);
    writeFileSync(file, code as string);
    const { stderr } = await run(process.execPath, ['--import', 'tsx', file], {
      cwd: packageDir,
      timeout: 60_000,
    });
    t.notMatch(stderr, /AssertionError|Error:/, 'ran without errors');
  });
}
