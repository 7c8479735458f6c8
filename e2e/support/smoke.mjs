// Smoke load of the release build: the app must start (its header renders, the boot status
// is gone) with no console error and no page error. Prints TAP-style counts for xtask.
import { launch, openPage, BASE_URL } from './browser.mjs';

const browser = await launch();
let failed = 0;
try {
  const { page, errors } = await openPage(browser);
  const started = Date.now();
  await page.goto(`${BASE_URL}/`, { waitUntil: 'load' });
  await page.getByRole('navigation').first().waitFor({ timeout: 30_000 });
  await page.locator('#boot-status').waitFor({ state: 'detached', timeout: 30_000 });
  const ms = Date.now() - started;
  // Let late errors (a failing lazy import, a panic after the first render) surface.
  await page.waitForTimeout(500);
  if (errors.length) {
    failed = 1;
    console.error(`smoke: errors while loading ${BASE_URL}/:\n  ${errors.join('\n  ')}`);
  } else {
    console.log(`smoke: ${BASE_URL}/ started in ${ms} ms with no console or page error`);
  }
} catch (e) {
  failed = 1;
  console.error(`smoke: the app did not start: ${e.message}`);
} finally {
  await browser.close();
}
console.log(`# pass ${1 - failed}`);
console.log(`# fail ${failed}`);
process.exit(failed);
