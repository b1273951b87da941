/**
 * scripts/postgres/with-postgres.sh: runs a command against a private PostgreSQL server, hands on
 * its exit code, and leaves nothing behind (server stopped, data dir removed), also on failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import tap from 'tap';

const script = fileURLToPath(new URL('../../../scripts/postgres/with-postgres.sh', import.meta.url));

// Connects with pg, prints the server's data directory and port, then exits with code 7.
const probe = `
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: process.env.BOLT_TEST_DATABASE_URL });
  await client.connect();
  const { rows } = await client.query("select current_setting('data_directory') as dir, current_setting('port') as port, current_setting('listen_addresses') as listen");
  await client.end();
  console.log(JSON.stringify({ ...rows[0], url: process.env.BOLT_TEST_DATABASE_URL, control: process.env.BOLT_TEST_PG_CONTROL }));
  process.exit(7);
`;

tap.test('a private server for the command, its exit code handed on, nothing left behind', async (t) => {
  const run = spawnSync('bash', [script, process.execPath, '--input-type=module', '-e', probe], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  t.equal(run.status, 7, 'the command exit code is the script exit code');
  const info = JSON.parse(run.stdout.trim().split('\n').pop() as string);
  t.match(info.url, /^postgres:\/\/bolt@127\.0\.0\.1:\d+\/postgres$/);
  t.equal(info.url.split(':').pop()?.split('/')[0], info.port, 'the URL names the server port');
  t.equal(info.listen, '127.0.0.1', 'loopback only');
  t.notOk(existsSync(info.dir), 'the data directory is removed');
  t.notOk(existsSync(info.control), 'the control script is removed');
  t.match(run.stderr, /\[with-postgres\] PostgreSQL \d+/);
});

tap.test('no command is a usage error', async (t) => {
  const run = spawnSync('bash', [script], { encoding: 'utf8' });
  t.equal(run.status, 2);
  t.match(run.stderr, /usage/);
});
