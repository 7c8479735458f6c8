// A purchase as a person makes it, on the built site with the embedded sandbox: choose a
// customer, find a product, add it to the cart, review, confirm, see the order. Only what a
// person sees is used: roles, accessible names, visible text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, BASE_URL } from './support/browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('from choosing a customer to a confirmed order', async () => {
  const { page, errors, context } = await openPage(browser);
  await page.goto(`${BASE_URL}/customers`);
  await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
  await page.getByLabel('Search customers').fill('hokusai');
  await page.getByRole('button', { name: 'Choose Hokusai Precision Manufacturing' }).click();
  await page.getByText('Purchases are now for Hokusai Precision Manufacturing.').waitFor();
  await page.getByRole('link', { name: 'Browse the catalog' }).click();

  await page.getByRole('heading', { level: 1, name: 'Catalog' }).waitFor();
  await page.getByLabel('Search products and SKUs').fill('windows standard 2 core 1 year');
  await page.getByRole('button', { name: 'Windows Server 2022 Standard - 2 Core License Pack - 1 year', exact: true }).click();
  const form = page.getByRole('region', { name: /^Buy:/ });
  await form.getByLabel('Quantity').fill('3');
  await form.getByText('No finding: Partner Center should accept this line.').waitFor();
  await form.getByRole('button', { name: 'Add to cart' }).click();
  await form.getByRole('link', { name: 'Go to the cart' }).click();

  await page.getByRole('heading', { level: 1, name: 'Cart' }).waitFor();
  await page.getByRole('heading', { level: 3, name: /Order 1 · billed One-time/ }).waitFor();
  await page.getByLabel('We attest that we are the partner of record for this purchase.').check();
  await page.getByRole('button', { name: 'Review and check out' }).click();
  await page.getByRole('heading', { level: 2, name: 'Review' }).waitFor();
  await page.getByRole('button', { name: 'Place the orders' }).click();

  await page.getByRole('heading', { level: 2, name: 'Checkout result' }).waitFor();
  const orders = page.getByRole('link', { name: /^Order / });
  assert.equal(await orders.count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a purchase Partner Center would refuse is explained before anything is added, in Japanese', async () => {
  const { page, errors, context } = await openPage(browser, { locale: 'ja-JP' });
  await page.goto(`${BASE_URL}/customers`);
  await page.getByRole('button', { name: 'Ipanema Distribuidora Ltda. を選択' }).click();
  await page.goto(`${BASE_URL}/catalog`);
  await page.getByRole('button', { name: 'Windows Server 2022 Standard - 2 Core License Pack - 1 year', exact: true }).click();
  const panel = page.getByRole('region', { name: /^購入:/ });
  await panel.getByText(/ソフトウェア サブスクリプション: ブラジル（BR）では販売されていません/).waitFor();
  await panel.getByText('この SKU には顧客の市場での提供状況がありません。').waitFor();
  assert.equal(await panel.getByRole('button', { name: 'カートに追加' }).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
