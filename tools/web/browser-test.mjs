// Loads GraphiQL from a live bssgraph in headless Debian Chromium, runs the
// example query with the run button, and checks that the result pane shows
// data, that the sandbox token header was sent, and that the page asked
// nothing of any other host (it must work offline).
//
//   node browser-test.mjs http://127.0.0.1:8080
//
// It never downloads a browser: it drives /usr/bin/chromium (apt package
// chromium), or $CHROMIUM_PATH, through playwright-core.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = process.argv[2];
if (!base) {
  console.error('usage: node browser-test.mjs <gateway base URL>');
  process.exit(2);
}
const origin = new URL(base).origin;
const started = Date.now();
const profile = mkdtempSync(join(tmpdir(), 'bssgraph-chromium-'));
const failures = [];

const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  // The machine has no network but the package registries: without these
  // flags Chromium keeps trying to reach Google's services.
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  const external = [];
  const consoleErrors = [];
  let sentToken = null;
  page.on('request', (req) => {
    const u = req.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) external.push(u);
    if (u.startsWith(`${origin}/graphql`) && req.method() === 'POST') {
      const body = req.postData() ?? '';
      if (!body.includes('IntrospectionQuery')) sentToken = req.headers()['x-auth-token'] ?? '';
    }
  });
  page.on('console', (msg) => { if (msg.type() === 'error') consoleErrors.push(msg.text()); });
  page.on('pageerror', (err) => consoleErrors.push(String(err)));

  await page.goto(`${base}/`, { waitUntil: 'load' });
  const config = await page.evaluate(() => JSON.parse(document.getElementById('graphiql-config').textContent));

  // Wait until Monaco shows the example query, so the click runs it.
  const editor = page.locator('.graphiql-query-editor .view-lines');
  await editor.waitFor({ timeout: 30000 });
  const firstWord = config.query.match(/[A-Za-z_]\w*/)?.[0] ?? '';
  await page.waitForFunction(
    (w) => (document.querySelector('.graphiql-query-editor .view-lines')?.textContent ?? '').includes(w),
    firstWord, { timeout: 30000 });

  await page.locator('.graphiql-execute-button').click();
  const result = page.locator('.result-window');
  await page.waitForFunction(
    () => /"(data|errors)"/.test(document.querySelector('.result-window')?.textContent ?? ''),
    null, { timeout: 30000 });
  const text = (await result.textContent()).replace(/\s+/g, ' ');
  console.log(`  result pane: ${text.slice(0, 200)}`);
  if (!text.includes('"data"')) failures.push(`the result pane shows no data: ${text.slice(0, 300)}`);
  if (text.includes('"errors"')) failures.push(`the example query returned errors: ${text.slice(0, 300)}`);

  if (process.env.SCREENSHOT) await page.screenshot({ path: process.env.SCREENSHOT });
  if (config.headers) {
    const want = JSON.parse(config.headers)['X-Auth-Token'];
    if (want && sentToken !== want) failures.push(`the query was sent with X-Auth-Token ${JSON.stringify(sentToken)}, want ${want}`);
  }
  if (external.length) failures.push(`the page requested other hosts: ${external.join(', ')}`);
  if (consoleErrors.length) failures.push(`console errors: ${consoleErrors.join(' | ')}`);
} catch (err) {
  failures.push(String(err));
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

for (const f of failures) console.log(`  FAIL  ${f}`);
console.log(`GraphiQL browser test took ${((Date.now() - started) / 1000).toFixed(1)}s`);
console.log(`browser: ${failures.length ? 0 : 1} passed, ${failures.length ? 1 : 0} failed`);
process.exit(failures.length ? 1 : 0);
