// The built site, as a person uses it: every top-level area reached through the navigation,
// in every language, with no console error on the way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, BASE_URL } from './support/browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('every area is reachable from the navigation with no console error', async () => {
  const { page, errors, context } = await openPage(browser);
  await page.goto(`${BASE_URL}/`);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  const links = nav.getByRole('link');
  await links.first().waitFor();
  const names = await links.allInnerTexts();
  assert.ok(names.length >= 10, `expected the ten areas and the overview, got ${names}`);
  for (const name of names) {
    await nav.getByRole('link', { name, exact: true }).click();
    const current = nav.locator('a[aria-current="page"]');
    await assert.doesNotReject(current.waitFor(), `no current link after clicking ${name}`);
    assert.equal((await current.innerText()).trim(), name.trim());
    const heading = page.getByRole('main').getByRole('heading', { level: 1 });
    await heading.waitFor();
    assert.ok((await heading.innerText()).length > 0, `area ${name} has a title`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('an unknown address shows the localized not-found page', async () => {
  const { page, errors, context } = await openPage(browser, { locale: 'sv-SE' });
  await page.goto(`${BASE_URL}/no/such/page`);
  await page.getByRole('heading', { level: 1, name: 'Sidan hittades inte' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'sv');
  await page.getByRole('link', { name: 'Gå till översikten' }).click();
  await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('the language chosen is remembered across a reload, and html lang follows', async () => {
  const { page, errors, context } = await openPage(browser, { locale: 'en-US' });
  await page.goto(`${BASE_URL}/settings`);
  await page.getByRole('combobox', { name: 'Language' }).first().selectOption('ja');
  await page.getByRole('heading', { level: 1, name: '設定' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { level: 1, name: '設定' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the endpoint setting is validated, shown in the header, and the token is never stored', async () => {
  const { page, errors, context } = await openPage(browser);
  await page.goto(`${BASE_URL}/settings`);
  const url = page.getByLabel('Endpoint URL');
  await url.fill('ftp://example.com');
  await page.getByRole('button', { name: 'Use this endpoint' }).click();
  await page.getByRole('alert').filter({ hasText: 'http:// or https://' }).waitFor();
  await url.fill('http://127.0.0.1:8787/');
  await page.getByRole('button', { name: 'Use this endpoint' }).click();
  await page.locator('#endpoint-indicator', { hasText: 'Live: 127.0.0.1:8787' }).waitFor();

  await page.getByLabel('Bearer token').fill('secret-token-value');
  await page.getByRole('button', { name: 'Use this token' }).click();
  await page.getByText('A token is set for this session.').waitFor();
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
  assert.ok(!stored.includes('secret-token-value'), 'the token must not be in storage');
  assert.ok(stored.includes('127.0.0.1:8787'), 'the endpoint is remembered');

  await page.reload();
  await page.locator('#endpoint-indicator', { hasText: 'Live: 127.0.0.1:8787' }).waitFor();
  await page.getByText('No token is set.').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
