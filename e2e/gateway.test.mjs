// The built site served by procura-gateway, in front of a procura-sandbox server: the page
// and its API on one origin, the page's security headers and cache lifetimes as a browser
// receives them, and a purchase made through the gateway with the app's real HTTP client.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './support/browser.mjs';

const GATEWAY_URL = process.env.GATEWAY_URL;
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a purchase through procura-gateway, with the headers it adds', { skip: !GATEWAY_URL && 'GATEWAY_URL is not set (cargo xtask test sets it)' }, async () => {
  const { page, errors, context } = await openPage(browser);
  const assets = [];
  page.on('response', (r) => { if (/-[0-9a-f]{8,16}(_bg)?\.(wasm|js)$/.test(r.url())) assets.push(r); });
  const first = await page.goto(`${GATEWAY_URL}/settings`);
  const h = first.headers();
  assert.match(h['content-security-policy'], /frame-ancestors 'none'/);
  assert.match(h['content-security-policy'], /connect-src 'self';/);
  assert.equal(h['x-content-type-options'], 'nosniff');
  assert.equal(h['referrer-policy'], 'no-referrer');
  assert.equal(h['cache-control'], 'no-cache');
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
  // Response events can arrive after the page has rendered: wait for both.
  for (let i = 0; i < 50 && assets.length < 2; i++) await page.waitForTimeout(100);
  assert.ok(assets.length >= 2, `the script and the wasm were fetched: ${assets.map((a) => a.url())}`);
  for (const a of assets) {
    assert.equal(a.headers()['cache-control'], 'public, max-age=31536000, immutable', a.url());
    assert.equal(a.headers()['content-encoding'], 'br', `${a.url()} precompressed`);
  }

  // Partner Center is the gateway's own origin; the token is a sandbox partner's.
  await page.getByLabel('Endpoint URL').fill(GATEWAY_URL);
  await page.getByRole('button', { name: 'Use this endpoint' }).click();
  await page.getByLabel('Bearer token').fill('sandbox-partner-sakura');
  await page.getByRole('button', { name: 'Use this token' }).click();
  await page.getByText('A token is set for this session.').waitFor();

  const api = [];
  page.on('request', (r) => { if (r.url().includes('/v1/')) api.push(new URL(r.url()).origin); });
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Customers' }).click();
  await page.getByRole('button', { name: 'Choose Hokusai Precision Manufacturing' }).click();
  await page.getByRole('link', { name: 'Browse the catalog' }).click();
  const sku = 'Windows Server 2022 Standard - 2 Core License Pack - 1 year';
  await page.getByRole('button', { name: sku, exact: true }).click();
  const form = page.getByRole('region', { name: /^Buy:/ });
  await form.getByText('No finding: Partner Center should accept this line.').waitFor();
  await form.getByRole('button', { name: 'Add to cart' }).click();
  await form.getByRole('link', { name: 'Go to the cart' }).click();
  await page.getByLabel('We attest that we are the partner of record for this purchase.').check();
  await page.getByRole('button', { name: 'Review and check out' }).click();
  await page.getByRole('button', { name: 'Place the orders' }).click();
  await page.getByRole('heading', { level: 2, name: 'Checkout result' }).waitFor();
  await page.locator('section.placed-order', { hasText: sku }).waitFor();
  assert.ok(api.length > 3, 'the app spoke to Partner Center');
  assert.deepEqual([...new Set(api)], [new URL(GATEWAY_URL).origin], 'only through the gateway');
  assert.deepEqual(errors, []);
  await context.close();
});
