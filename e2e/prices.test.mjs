// Prices on the built site, through procura-gateway in front of a procura-sandbox server: a
// price list imported on the Prices page is parsed and stored by the price worker (its own
// wasm module, started by the page), a corrupt one is refused with nothing replaced, the
// market's price sheets come through the gateway's second upstream (/v1.0/), and the cart's
// estimate is what the order then charges.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './support/browser.mjs';

const GATEWAY_URL = process.env.GATEWAY_URL;
const SANDBOX_URL = process.env.SANDBOX_URL;
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const skip = !(GATEWAY_URL && SANDBOX_URL) && 'GATEWAY_URL and SANDBOX_URL are not set (cargo xtask test sets them)';

test('a price list imported in the price worker prices the cart as the order then charges', { skip, timeout: 120_000 }, async () => {
  const { page, errors, context } = await openPage(browser);
  const workers = [];
  page.on('worker', (w) => workers.push(w.url()));
  const sheets = [];
  const notServed = [];
  page.on('request', (r) => { if (r.url().includes('/v1.0/sales/pricesheets')) sheets.push(new URL(r.url()).origin); });
  page.on('response', (r) => { if (r.url().includes('/v1.0/sales/pricesheets') && r.status() === 404) notServed.push(decodeURIComponent(r.url())); });

  await page.goto(`${GATEWAY_URL}/settings`);
  await page.getByLabel('Endpoint URL').fill(GATEWAY_URL);
  await page.getByRole('button', { name: 'Use this endpoint' }).click();
  await page.getByLabel('Bearer token').fill('sandbox-partner-sakura');
  await page.getByRole('button', { name: 'Use this token' }).click();
  await page.getByText('A token is set for this session.').waitFor();
  await page.getByLabel('Qualified to sell perpetual software').selectOption({ label: 'Yes' });

  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('link', { name: 'Customers' }).click();
  await page.getByRole('button', { name: 'Choose Hokusai Precision Manufacturing' }).click();
  await page.getByRole('link', { name: 'Browse the catalog' }).click();
  await page.getByLabel('Category').selectOption({ label: 'Perpetual software' });
  const sku = 'SQL Server 2022 Standard - 2 Core License Pack';
  await page.getByRole('button', { name: sku, exact: true }).click();
  const form = page.getByRole('region', { name: /^Buy:/ });
  await form.getByLabel('Quantity').fill('2');
  await form.getByRole('button', { name: 'Add to cart' }).click();
  await form.getByRole('link', { name: 'Go to the cart' }).click();
  await page.getByText("No estimate: import the market's software price list.").waitFor();

  await nav.getByRole('link', { name: 'Prices' }).click();
  await page.getByRole('heading', { level: 1, name: 'Prices' }).waitFor();
  // A corrupt file first: refused, and nothing is held.
  await page.getByLabel('Price list (CSV, or a zip holding one)').setInputFiles({ name: 'broken.zip', mimeType: 'application/zip', buffer: Buffer.from('PK\x03\x04 not a zip at all') });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: 'This file is not a price list' }).waitFor();
  assert.ok(workers.some((u) => u.endsWith('/price-worker_loader.js')), `parsed in the worker: ${workers}`);

  const list = await fetch(`${SANDBOX_URL}/sandbox/pricelists/JP/software`);
  assert.equal(list.status, 200);
  const csv = Buffer.from(await list.arrayBuffer());
  await page.getByLabel('Price list (CSV, or a zip holding one)').setInputFiles({ name: 'software-jp.csv', mimeType: 'text/csv', buffer: csv });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByText(/Imported \d+ prices for JP in JPY\./).waitFor();
  await page.getByRole('cell', { name: 'Imported price list: software-jp.csv' }).waitFor();

  // The market's price sheets, through the gateway's Partner API upstream.
  await page.getByRole('button', { name: "Fetch this month's price sheets" }).click();
  await page.getByText(/Fetched the Azure reservations price sheet for JP: \d+ prices\./).waitFor();
  assert.deepEqual([...new Set(sheets)], [new URL(GATEWAY_URL).origin], 'price sheets through the gateway');

  await nav.getByRole('link', { name: 'Cart' }).click();
  await page.getByText(/imported price list of/).first().waitFor();
  await page.getByLabel('We attest that we are the partner of record for this purchase.').check();
  await page.getByRole('button', { name: 'Review and check out' }).click();
  await page.getByText(/Estimated for this order: ¥/).waitFor();
  await page.getByRole('button', { name: 'Place the orders' }).click();
  await page.locator('section.placed-order', { hasText: sku }).waitFor();
  const placed = await page.locator('section.placed-order').first().textContent();
  assert.match(placed, /As estimated/, placed);
  // The one request that failed: the software sheet, asked for by the Fetch button, which the
  // API does not serve (get-a-price-sheet.md's Details); the browser logs its 404.
  assert.equal(notServed.length, 1, notServed.join());
  assert.match(notServed[0], /PricesheetView='software'/);
  assert.deepEqual(errors.filter((e) => !e.includes('status of 404')), []);
  assert.equal(errors.length, 1, errors.join());
  await context.close();
});
