// Signing in as a partner would, on the built site deployed behind procura-gateway with a
// config.json naming a real OpenID provider (node-oidc-provider on loopback) and a sandbox
// that trusts it: sign in through the provider's page, buy through the gateway with the
// access token, reload and come back without the login page, see the token renewed before
// it expires, sign out and see calls refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { cp, mkdtemp, writeFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { launch, openPage } from './support/browser.mjs';
import { signInAtProvider, startProvider } from './support/oidc-provider.mjs';

const { SANDBOX_BIN, GATEWAY_BIN, DIST_DIR } = process.env;
const ready = SANDBOX_BIN && GATEWAY_BIN && DIST_DIR;
/** Short-lived access tokens, so renewal happens within the test. */
const TOKEN_TTL_S = 20;
let browser, provider, children = [], site, gatewayUrl;

async function freePort() {
  const s = net.createServer();
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise((resolve) => s.close(resolve));
  return port;
}

async function start(bin, args) {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(child);
  const { value } = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next();
  return value.replace('listening on ', '').trim();
}

before(async () => {
  if (!ready) return;
  const port = await freePort();
  gatewayUrl = `http://127.0.0.1:${port}`;
  provider = await startProvider({ redirectUris: [`${gatewayUrl}/`], accessTokenTtl: TOKEN_TTL_S });
  const sandboxUrl = await start(SANDBOX_BIN, ['--listen', '127.0.0.1:0', '--db', path.join(os.tmpdir(), `procura-signin-${process.pid}.db`), '--trust-issuer', provider.issuer]);
  // The deployment: the built site with its config.json naming the provider.
  site = await mkdtemp(path.join(os.tmpdir(), 'procura-site-'));
  await cp(DIST_DIR, site, { recursive: true });
  await writeFile(path.join(site, 'config.json'), JSON.stringify({ authority: provider.issuer, clientId: 'procura' }));
  await start(GATEWAY_BIN, ['--listen', `127.0.0.1:${port}`, '--static', site, '--upstream', sandboxUrl, '--partner-api-upstream', sandboxUrl]);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const c of children) c.kill();
  await provider?.close();
  if (site) await rm(site, { recursive: true, force: true });
});

test('sign in, buy, reload, renew and sign out, against a real OpenID provider', { skip: !ready && 'SANDBOX_BIN, GATEWAY_BIN and DIST_DIR are not set (cargo xtask test sets them)' }, async () => {
  const { page, context } = await openPage(browser);
  // The app's own errors: the provider's development pages (web fonts it cannot reach here)
  // are not ours to judge.
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && m.location().url.startsWith(gatewayUrl)) errors.push(`console: ${m.text()}`);
  });
  const visited = [];
  page.on('framenavigated', (f) => { if (f === page.mainFrame()) visited.push(f.url()); });
  const refreshes = [];
  page.on('request', (r) => { if (r.url().endsWith('/token') && (r.postData() ?? '').includes('grant_type=refresh_token')) refreshes.push(Date.now()); });

  await page.goto(`${gatewayUrl}/settings`);
  await page.getByRole('radio', { name: "Partner Center, through this site's gateway (sign in below)" }).check();
  await page.locator('#endpoint-indicator', { hasText: `Live: ${new URL(gatewayUrl).host}` }).waitFor();
  await page.getByText(`Set by this deployment (config.json): ${provider.issuer}`).waitFor();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((u) => u.href.startsWith(provider.issuer));
  await signInAtProvider(page, gatewayUrl, { timeout: 15_000 });
  // Back where the partner was, signed in, and the code gone from the address.
  await page.getByText(/^Signed in as Test admin aiko, tenant 4d5e6f70-0000-4000-8000-00000000a001\.$/).waitFor();
  assert.equal(new URL(page.url()).pathname, '/settings');
  assert.equal(new URL(page.url()).search, '');
  await page.locator('#signed-in-user', { hasText: 'Test admin aiko' }).waitFor();
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
  assert.ok(!/eyJ/.test(stored), 'no token in storage');

  // A purchase through the gateway with the signed-in user's token.
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('link', { name: 'Customers' }).click();
  await page.getByRole('button', { name: 'Choose Hokusai Precision Manufacturing' }).click();
  await page.getByRole('link', { name: 'Browse the catalog' }).click();
  const sku = 'Windows Server 2022 Standard - 2 Core License Pack - 1 year';
  await page.getByRole('button', { name: sku, exact: true }).click();
  const form = page.getByRole('region', { name: /^Buy:/ });
  await form.getByRole('button', { name: 'Add to cart' }).click();
  await form.getByRole('link', { name: 'Go to the cart' }).click();
  await page.getByLabel('We attest that we are the partner of record for this purchase.').check();
  await page.getByRole('button', { name: 'Review and check out' }).click();
  await page.getByRole('button', { name: 'Place the orders' }).click();
  await page.locator('section.placed-order', { hasText: sku }).waitFor();

  // A reload: back signed in through a silent round trip, without the login page.
  const before = visited.length;
  await page.reload();
  await page.locator('#signed-in-user', { hasText: 'Test admin aiko' }).waitFor({ timeout: 20_000 });
  assert.ok(!visited.slice(before).some((u) => u.includes('/interaction/')), `no login page: ${visited.slice(before)}`);
  assert.equal(new URL(page.url()).pathname, '/cart');

  // The token lives 20 s; it is renewed before it expires, and calls keep working.
  await page.waitForTimeout((TOKEN_TTL_S + 4) * 1000);
  assert.ok(refreshes.length >= 1, 'renewed with the refresh token');
  await nav.getByRole('link', { name: 'Orders' }).click();
  await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
  await page.locator('main table a').first().waitFor({ timeout: 10_000 }).catch(async () => { throw new Error(`orders: ${(await page.locator('main').innerText()).slice(0, 1500)}`); });

  // Sign out: the provider's session ends too; calls are refused until the next sign-in.
  await page.locator('header').getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((u) => u.href.startsWith(provider.issuer));
  await page.locator('button[type="submit"]').first().click();
  await page.waitForURL((u) => u.href.startsWith(gatewayUrl));
  await page.locator('#signed-in-user').waitFor({ state: 'detached' });
  await page.goto(`${gatewayUrl}/orders`);
  await page.getByRole('alert').first().waitFor();
  assert.equal(await page.locator('#signed-in-user').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
