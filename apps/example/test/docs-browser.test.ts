/**
 * The docs pages in a real browser: Debian's Chromium (headless, driven by playwright-core; no
 * browser is downloaded) loads /docs and /docs/scalar from the running example, under their
 * CSP (no inline script, no eval, no other origin), renders the example's operations, saves screenshots in .tap/screenshots/, and
 * Swagger UI's "Try it out" on GET /items/{item_id} gets a 200 from the server.
 * Needs `chromium` (apt-get install chromium); CHROMIUM_PATH overrides where it is.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from '@bolt/core/node';
import { type Browser, chromium, type Page } from 'playwright-core';
import t from 'tap';
import { api } from '../src/app.js';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const shots = fileURLToPath(new URL('../.tap/screenshots/', import.meta.url));

/** Records every CSP violation the page reports (scripts, styles, fonts, connections). */
async function watchPolicy(page: Page): Promise<() => Promise<string[]>> {
  // Runs in the page (the test's lib has no DOM types, hence the loose typing).
  await page.addInitScript(() => {
    const page = globalThis as unknown as {
      __csp: string[];
      document: { addEventListener(type: string, fn: (e: Record<string, string>) => void): void };
    };
    page.__csp = [];
    page.document.addEventListener('securitypolicyviolation', (e) => {
      page.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return () => page.evaluate(() => (globalThis as unknown as { __csp: string[] }).__csp);
}

if (!existsSync(executablePath)) {
  // `make test` installs chromium; in CI a missing browser is a failure, not a skip.
  const missing = `Chromium not found at ${executablePath}: apt-get install chromium (or set CHROMIUM_PATH)`;
  if (process.env.CI) t.fail(missing);
  else t.test('docs pages in Chromium', { skip: missing }, () => {});
} else {
  let browser: Browser;
  let baseUrl: string;
  t.before(async () => {
    mkdirSync(shots, { recursive: true });
    const server = await serve(api, { host: '127.0.0.1', port: 0, handleSignals: false });
    t.teardown(() => server.close({ graceMs: 500 }));
    baseUrl = server.url;
    browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
    t.teardown(() => browser.close());
  });

  t.test('Swagger UI renders the operations and "Try it out" reaches the server', async (t) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 2000 } });
    const violations = await watchPolicy(page);
    const answer = await page.goto(`${baseUrl}/docs`);
    t.equal(answer?.status(), 200);
    t.match(answer?.headers()['content-security-policy'], /script-src 'self'/);
    await page.waitForSelector('.opblock-summary-path', { timeout: 60_000 });
    const paths = await page.$$eval('.opblock-summary-path', (els) =>
      els.map((e) => e.textContent?.replace(/\u200b/g, '')),
    );
    for (const path of ['/', '/items/{item_id}', '/items100', '/bench/parse', '/users/{id}', '/auth/token']) {
      t.ok(paths.includes(path), `the page lists ${path}`);
    }
    await page.screenshot({ path: `${shots}swagger-ui.png`, fullPage: false });

    const op = page.locator('#operations-items-get_items_item_id');
    await op.locator('.opblock-summary').click();
    await op.getByRole('button', { name: 'Try it out' }).click();
    await op.locator('input[placeholder="item_id"]').fill('42');
    await op.locator('input[placeholder="q"]').fill('hello');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/items/42')),
      op.getByRole('button', { name: 'Execute' }).click(),
    ]);
    t.equal(response.status(), 200, 'the request Swagger UI sent got 200');
    t.same(await response.json(), { item_id: 42, q: 'hello' });
    await op.locator('.live-responses-table tbody .response-col_status').first().waitFor();
    t.match(
      await op.locator('.live-responses-table tbody .response-col_status').first().textContent(),
      /200/,
    );
    await page.screenshot({ path: `${shots}swagger-try-it-out.png`, fullPage: true });
    t.same(await violations(), [], 'no CSP violation');
    await page.close();
  });

  t.test('Scalar renders the operations under its CSP', async (t) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
    const violations = await watchPolicy(page);
    const answer = await page.goto(`${baseUrl}/docs/scalar`);
    t.equal(answer?.status(), 200);
    await page.getByText('Read an item').first().waitFor({ timeout: 60_000 });
    const text = await page.locator('body').innerText();
    t.match(text, /Bolt example/);
    t.match(text, /Update an item/);
    await page.screenshot({ path: `${shots}scalar.png` });
    t.match(answer?.headers()['content-security-policy'], /script-src 'self';/);
    // Scalar probes for eval, which the policy refuses; nothing else is refused (no CDN, no inline script).
    t.same(
      (await violations()).filter((v) => v !== 'script-src eval'),
      [],
      'no other CSP violation',
    );
    await page.close();
  });
}
