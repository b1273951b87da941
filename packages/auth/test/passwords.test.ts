/** scrypt hashing: salted, parameters stored beside the hash, verify in constant time. */
import t from 'tap';
import { hashPassword, verifyPassword } from '../src/index.js';

t.test('a hash verifies its password and no other', async (t) => {
  const stored = await hashPassword('wonderland');
  t.match(stored, /^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{86}$/);
  t.equal(await verifyPassword('wonderland', stored), true);
  t.equal(await verifyPassword('Wonderland', stored), false);
  t.equal(await verifyPassword('', stored), false);
  t.not(await hashPassword('wonderland'), stored, 'a fresh salt every time');
});

t.test('cheaper parameters are read back from the stored string', async (t) => {
  const stored = await hashPassword('builder', { N: 1024, r: 8, p: 1, keyLength: 32 });
  t.match(stored, /^scrypt\$1024\$8\$1\$/);
  t.equal(await verifyPassword('builder', stored), true);
});

t.test('a malformed stored hash is false, not an error', async (t) => {
  for (const bad of ['', 'plain', 'scrypt$x$8$1$abc$def', 'bcrypt$1$2$3$4$5', 'scrypt$16384$8$1$c2FsdA$eA']) {
    t.equal(await verifyPassword('pw', bad), false, JSON.stringify(bad));
  }
});
