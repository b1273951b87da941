// After close() the process exits on its own: no threadsafe function, tokio thread or worker
// thread keeps Node's event loop alive, and nothing calls process.exit.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const script = fileURLToPath(new URL('./fixtures/serve-and-close.js', import.meta.url));

for (const workers of [1, 2]) {
  t.test(`the process exits by itself after close, workers: ${workers}`, async (t) => {
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        [script, String(workers)],
        { timeout: 30_000 },
        (_err, stdout) => resolve({ code: child.exitCode, stdout }),
      );
    });
    t.equal(stdout.trim(), 'closed after 200');
    t.equal(code, 0, 'exited cleanly before the 30 s timeout');
  });
}
