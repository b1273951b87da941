// Sums tap's per-run summaries (`# { total: 77, pass: 75, fail: 2 }`) in a test log into one line:
// `tests: N passed, M failed`. A non-zero exit with no failing test counted is one failure, so a
// broken build or a crashed runner can never read as green.
import { readFileSync } from 'node:fs';

const [logPath, exitCode = '0'] = process.argv.slice(2);
const log = readFileSync(logPath, 'utf8');
let passed = 0;
let failed = 0;
for (const match of log.matchAll(/# \{ (total: \d+[^}]*) \}/g)) {
  const counts = Object.fromEntries(
    match[1].split(',').map((pair) => {
      const [key, value] = pair.split(':').map((s) => s.trim());
      return [key, Number(value)];
    }),
  );
  passed += counts.pass ?? 0;
  failed += counts.fail ?? 0;
}
if (Number(exitCode) !== 0 && failed === 0) failed = 1;
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(Number(exitCode) === 0 && failed === 0 ? 0 : 1);
