/** The error codes are pinned, and each is documented in the README's table with its status. */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { AuthErrors } from '../src/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

t.test('the codes are pinned', async (t) => {
  t.strictSame(Object.keys(AuthErrors).sort(), [
    'API_KEY_INVALID',
    'CONFIG_INVALID',
    'CREDENTIALS_MISSING',
    'FORBIDDEN',
    'JWKS_UNAVAILABLE',
    'LOGIN_FAILED',
    'TOKEN_ALGORITHM',
    'TOKEN_AUDIENCE',
    'TOKEN_CLAIMS_INVALID',
    'TOKEN_CLAIM_MISSING',
    'TOKEN_EXPIRED',
    'TOKEN_ISSUED_IN_FUTURE',
    'TOKEN_ISSUER',
    'TOKEN_KEY_UNKNOWN',
    'TOKEN_MALFORMED',
    'TOKEN_NOT_YET_VALID',
    'TOKEN_SIGNATURE',
  ]);
});

t.test('every code is in the README with its status', async (t) => {
  for (const { code, status } of Object.values(AuthErrors)) {
    t.match(readme, new RegExp(`\\| \`${code}\` \\| ${status} \\|`), code);
  }
});
