// The embedded sandbox is one per origin (its worker's records in IndexedDB, each request
// under a Web Lock): two tabs buying at once each get their order and neither is lost; a
// page reloaded while its worker is busy with a checkout places the order once; one cart
// confirmed in two tabs at once (under the draft's own Web Lock) is one order; and a tab
// reviewing a cart another tab checks out shows that checkout.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, BASE_URL } from './support/browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PRODUCT = 'Windows Server 2022 Standard - 2 Core License Pack - 1 year';

/** Chooses `customer`, adds two of PRODUCT to the cart and opens the review. */
async function toReview(page, customer) {
  await page.goto(`${BASE_URL}/customers`);
  await page.getByRole('button', { name: `Choose ${customer}` }).click();
  await page.getByText(`Purchases are now for ${customer}.`).waitFor();
  await page.goto(`${BASE_URL}/catalog`);
  await page.getByLabel('Search products and SKUs').fill('windows standard 2 core 1 year');
  await page.getByRole('button', { name: PRODUCT, exact: true }).click();
  const form = page.getByRole('region', { name: /^Buy:/ });
  await form.getByLabel('Quantity').fill('2');
  await form.getByText('No finding: Partner Center should accept this line.').waitFor();
  await form.getByRole('button', { name: 'Add to cart' }).click();
  await form.getByRole('link', { name: 'Go to the cart' }).click();
  await page.getByRole('heading', { level: 1, name: 'Cart' }).waitFor();
  await page.getByLabel('We attest that we are the partner of record for this purchase.').check();
  await page.getByRole('button', { name: 'Review and check out' }).click();
  await page.getByRole('heading', { level: 2, name: 'Review' }).waitFor();
}

/** The order links of a checkout result, once it shows. */
async function placedOrders(page) {
  await page.getByRole('heading', { level: 2, name: 'Checkout result' }).waitFor({ timeout: 60_000 });
  const links = page.getByRole('link', { name: /^Order / });
  return Promise.all((await links.all()).map((l) => l.getAttribute('href')));
}

/** Clicks "Place the orders", unless the other tab's checkout reached this one first and
 * its review has become that checkout's result. */
async function confirmUnlessDone(page) {
  try {
    await page.getByRole('button', { name: 'Place the orders' }).click({ timeout: 5_000 });
  } catch (e) {
    if (!(await page.getByRole('heading', { level: 2, name: 'Checkout result' }).isVisible())) throw e;
  }
}

/** Opens `href` as `customer`'s order in `page` and waits for its lines. */
async function orderShows(page, customer, href) {
  await page.goto(`${BASE_URL}/customers`);
  await page.getByRole('button', { name: `Choose ${customer}` }).click();
  await page.getByText(`Purchases are now for ${customer}.`).waitFor();
  await page.goto(`${BASE_URL}${href}`);
  await page.getByRole('heading', { level: 2, name: 'Line items' }).waitFor();
}

test('two tabs buying at once: one order each, nothing lost', async () => {
  const { page: a, errors, context } = await openPage(browser);
  const b = await context.newPage();
  b.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  await toReview(a, 'Hokusai Precision Manufacturing');
  await toReview(b, 'Tamsui Semiconductor Co.');

  await Promise.all([
    a.getByRole('button', { name: 'Place the orders' }).click(),
    b.getByRole('button', { name: 'Place the orders' }).click(),
  ]);
  const [ordersA, ordersB] = await Promise.all([placedOrders(a), placedOrders(b)]);
  assert.equal(ordersA.length, 1, 'one order in the first tab');
  assert.equal(ordersB.length, 1, 'one order in the second tab');
  assert.notEqual(ordersA[0], ordersB[0]);

  // A third tab, whose worker reads the records afresh, finds both orders.
  const c = await context.newPage();
  c.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  await orderShows(c, 'Hokusai Precision Manufacturing', ordersA[0]);
  await orderShows(c, 'Tamsui Semiconductor Co.', ordersB[0]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a reload while the worker is busy with a checkout places the order once', async () => {
  const { page, errors, context } = await openPage(browser);
  await toReview(page, 'Göta Kanal Logistik AB');
  await page.getByRole('button', { name: 'Place the orders' }).click();
  // The checkout is under way (its request id saved, the worker answering): reload now.
  await page.getByRole('status').filter({ hasText: /./ }).first().waitFor({ state: 'attached' });
  await page.reload();
  // The cart finishes the interrupted checkout with the same request id.
  const orders = await placedOrders(page);
  assert.equal(orders.length, 1, 'exactly one order');
  // The customer is still the chosen one: the order opens from its address.
  await page.goto(`${BASE_URL}${orders[0]}`);
  await page.getByRole('heading', { level: 2, name: 'Line items' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('two tabs confirming the same cart place one order, and an edit in one shows in the other', async () => {
  const customer = 'Hokusai Precision Manufacturing';
  const { page: a, errors, context } = await openPage(browser);
  const b = await context.newPage();
  b.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  await toReview(a, customer);
  await a.getByRole('button', { name: 'Back to the cart' }).click();

  // The second tab (the customer chosen is the origin's) opens the same draft; the first
  // then changes its quantity.
  await b.goto(`${BASE_URL}/cart`);
  await b.getByRole('button', { name: /^Remove / }).waitFor();
  await a.getByLabel('Quantity').fill('5');
  await a.getByLabel('Quantity').blur();
  await b.waitForFunction(() => document.getElementById('line-0-quantity')?.value === '5');
  for (const page of [a, b]) {
    await page.getByLabel('We attest that we are the partner of record for this purchase.').check();
    await page.getByRole('button', { name: 'Review and check out' }).click();
    await page.getByRole('heading', { level: 2, name: 'Review' }).waitFor();
  }
  // The second tab reviews what the first one edited.
  await b.getByText(`5 × ${PRODUCT}`).first().waitFor();

  // Both confirm at once: one checkout under the draft's Web Lock; the other tab shows it.
  await Promise.all([confirmUnlessDone(a), confirmUnlessDone(b)]);
  const [ordersA, ordersB] = await Promise.all([placedOrders(a), placedOrders(b)]);
  assert.equal(ordersA.length, 1, 'one order');
  assert.deepEqual(ordersB, ordersA, 'the same order in both tabs');

  // The orders this browser placed (listed before Partner Center's list catches up): one.
  await a.goto(`${BASE_URL}/orders`);
  const recent = a.locator('table.orders-table tr.recent a');
  await recent.first().waitFor();
  assert.deepEqual(await recent.evaluateAll((els) => els.map((e) => e.getAttribute('href'))), ordersA);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a tab reviewing a cart that another tab checks out shows that checkout', async () => {
  const { page: a, errors, context } = await openPage(browser);
  const b = await context.newPage();
  b.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  await toReview(a, 'Tamsui Semiconductor Co.');
  await b.goto(`${BASE_URL}/cart`);
  await b.getByRole('button', { name: 'Review and check out' }).click();
  await b.getByRole('heading', { level: 2, name: 'Review' }).waitFor();

  await a.getByRole('button', { name: 'Place the orders' }).click();
  const orders = await placedOrders(a);
  assert.equal(orders.length, 1);
  // Without a click in the second tab: its review becomes the first tab's result.
  assert.deepEqual(await placedOrders(b), orders);
  assert.deepEqual(errors, []);
  await context.close();
});
