// Every page fits the screen: at 360 px (a small phone), 640 px (half a laptop's screen) and
// 1280 px (a laptop), in Swedish
// (long words) and Japanese (wide glyphs), no page scrolls sideways. Wide content (tables)
// scrolls inside its own box; on a phone the navigation collapses behind one button.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, BASE_URL } from './support/browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const WIDTHS = [360, 640, 1280];
const LOCALES = ['sv-SE', 'ja-JP'];
const AREAS = ['/', '/customers', '/catalog', '/cart', '/orders', '/addons', '/enablement',
  '/entitlements', '/invoices', '/unbilled', '/bulk-check', '/settings', '/no/such/page'];

/** What sticks out of the viewport, outside any box that scrolls on its own: empty if the
 *  page does not scroll sideways. (Content clipped by `overflow: hidden` counts as sticking
 *  out: cut off is not usable.) */
async function overflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrolls = (el) => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const x = getComputedStyle(p).overflowX;
        if (x === 'auto' || x === 'scroll') return true;
      }
      return false;
    };
    const out = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > width + 1 && !scrolls(el)) {
        const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
        out.push(`${name} right=${Math.round(r.right)} (${(el.textContent ?? '').trim().slice(0, 40)})`);
      }
    }
    if (document.documentElement.scrollWidth > width && !out.length) out.push(`scrollWidth ${document.documentElement.scrollWidth} > ${width}`);
    return out.slice(0, 8);
  });
}

async function settle(page) {
  await page.locator('main h1').first().waitFor();
  // Let loading resources land (their content is what can overflow). Polling (an order's
  // provisioning) is not waited out: it is part of the page.
  await page.waitForFunction(() => !document.querySelector('main .loading'), null, { timeout: 30_000 });
  await page.waitForTimeout(150);
}

async function fits(page, where, problems) {
  await settle(page);
  const found = await overflow(page);
  if (found.length) problems.push(`${where}: ${found.join('; ')}`);
}

for (const width of WIDTHS) {
  for (const locale of LOCALES) {
    test(`no page scrolls sideways at ${width} px in ${locale}`, async () => {
      const context = await browser.newContext({ locale, timezoneId: 'UTC', viewport: { width, height: 800 } });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (err) => errors.push(err.message));
      const problems = [];

      await page.goto(`${BASE_URL}/customers`);
      const row = page.locator('tr', { hasText: 'Hokusai Precision Manufacturing' });
      await row.getByRole('button').first().click();
      await page.locator('main .notice.ok').first().waitFor();

      for (const path of AREAS) {
        await page.goto(`${BASE_URL}${path}`);
        await fits(page, path, problems);
      }

      // Deeper pages: a SKU to buy, a cart with a line, an order, an invoice's lines.
      await page.goto(`${BASE_URL}/catalog`);
      await settle(page);
      await page.locator('main li.sku button').first().click();
      await page.locator('#buy-quantity').waitFor();
      await fits(page, '/catalog (a SKU open)', problems);
      await page.locator('main button.primary').first().click();
      await page.goto(`${BASE_URL}/cart`);
      await fits(page, '/cart (one line)', problems);
      // Review, confirm, and the result that says what each order bought.
      await page.locator('#cart-attest').check();
      await page.locator('main button.primary').first().click();
      await page.locator('main button.primary').first().click();
      await page.locator('section.placed-order').first().waitFor();
      await fits(page, '/cart (the checkout result)', problems);

      await page.goto(`${BASE_URL}/orders`);
      await settle(page);
      await page.locator('main table a').first().click();
      await fits(page, 'an order', problems);

      await page.goto(`${BASE_URL}/invoices`);
      await settle(page);
      await page.locator('table.invoice-list a').last().click();
      await page.locator('tr.iline').first().waitFor({ timeout: 60_000 });
      await fits(page, 'an invoice', problems);

      assert.deepEqual(problems, [], `pages wider than ${width} px in ${locale}`);
      if (width < 768) {
        // The navigation is one row behind a button, and opens on demand.
        const nav = page.getByRole('navigation').first();
        const toggle = page.locator('button[aria-controls="main-nav"]');
        assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
        const box = await page.locator('.app-nav').boundingBox();
        assert.ok(box.height < 80, `the collapsed navigation is ${box.height} px high`);
        await toggle.click();
        assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
        await nav.getByRole('link').nth(2).click();
        await settle(page);
        assert.equal(await toggle.getAttribute('aria-expanded'), 'false', 'following a link closes the menu');
      }

      assert.deepEqual(errors, []);
      await context.close();
    });
  }
}
