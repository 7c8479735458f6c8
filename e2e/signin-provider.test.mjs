// A real OpenID provider's tokens against the sandbox: the authorization code flow with PKCE
// through the provider's own login page in Chromium, the code redeemed, and the access token
// (a JWT for Partner Center's audience, naming the partner's tenant) accepted by
// `procura-sandbox --trust-issuer`; a renewed token too; a token for another audience or
// with a broken signature refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { launch } from './support/browser.mjs';
import { signInAtProvider, startProvider, SCOPE, PARTNER_API, PARTNER_API_SCOPE } from './support/oidc-provider.mjs';

const SANDBOX_BIN = process.env.SANDBOX_BIN;
let browser, provider, sandbox, sandboxUrl, callback, callbackUrl;

before(async () => {
  if (!SANDBOX_BIN) return;
  callback = http.createServer((_req, res) => res.end('signed in'));
  await new Promise((resolve) => callback.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${callback.address().port}/callback`;
  provider = await startProvider({ redirectUris: [callbackUrl] });
  const db = path.join(os.tmpdir(), `procura-oidc-${process.pid}.db`);
  sandbox = spawn(SANDBOX_BIN, ['--listen', '127.0.0.1:0', '--db', db, '--trust-issuer', provider.issuer], { stdio: ['ignore', 'pipe', 'ignore'] });
  const [line] = await createInterface({ input: sandbox.stdout })[Symbol.asyncIterator]().next().then((r) => [r.value]);
  sandboxUrl = line.replace('listening on ', '').trim();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  sandbox?.kill();
  await provider?.close();
  callback?.close();
});

const b64url = (buf) => buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

async function token(form) {
  const r = await fetch(`${provider.issuer}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
  const body = await r.json();
  assert.equal(r.status, 200, JSON.stringify(body));
  return body;
}

async function customers(bearer) {
  const r = await fetch(`${sandboxUrl}/v1/customers`, { headers: { authorization: `Bearer ${bearer}` } });
  return { status: r.status, text: await r.text() };
}

test('a token from a real OpenID provider opens the sandbox for its tenant', { skip: !SANDBOX_BIN && 'SANDBOX_BIN is not set (cargo xtask test sets it)' }, async () => {
  const verifier = b64url(randomBytes(32));
  const challenge = b64url(createHash('sha256').update(verifier).digest());
  const auth = new URL(`${provider.issuer}/auth`);
  for (const [k, v] of Object.entries({
    client_id: 'procura', response_type: 'code', redirect_uri: callbackUrl,
    scope: `${SCOPE} openid profile offline_access ${PARTNER_API_SCOPE}`, code_challenge: challenge,
    code_challenge_method: 'S256', state: 'state-1', nonce: 'nonce-1',
  })) auth.searchParams.set(k, v);

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(auth.href);
  await signInAtProvider(page, callbackUrl, { timeout: 10_000 });
  const back = new URL(page.url());
  assert.equal(back.searchParams.get('state'), 'state-1');
  const code = back.searchParams.get('code');
  assert.ok(code, back.href);
  await context.close();

  // Without the verifier the code is refused (PKCE is required of this public client).
  const noPkce = await fetch(`${provider.issuer}/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: callbackUrl, client_id: 'procura' }) });
  assert.equal(noPkce.status, 400);

  const t = await token({ grant_type: 'authorization_code', code, redirect_uri: callbackUrl, client_id: 'procura', code_verifier: verifier });
  assert.equal(t.access_token.split('.').length, 3, 'a JWT access token');
  assert.ok(t.refresh_token, 'a refresh token');
  const claims = JSON.parse(Buffer.from(t.access_token.split('.')[1], 'base64url'));
  assert.equal(claims.aud, 'https://api.partnercenter.microsoft.com');
  assert.equal(claims.tid, '4d5e6f70-0000-4000-8000-00000000a001');

  const ok = await customers(t.access_token);
  assert.equal(ok.status, 200, ok.text);
  assert.match(ok.text, /Hokusai Precision Manufacturing/);

  // The ID token is for the app, not for Partner Center; a broken signature is nobody's.
  const wrongAudience = await customers(t.id_token);
  assert.equal(wrongAudience.status, 401);
  assert.match(wrongAudience.text, /udience/);
  const [h, p, s] = t.access_token.split('.');
  const forged = `${h}.${p}.${s.slice(0, -4)}${s.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
  assert.equal((await customers(forged)).status, 401);

  const renewed = await token({ grant_type: 'refresh_token', refresh_token: t.refresh_token, client_id: 'procura' });
  assert.notEqual(renewed.access_token, t.access_token);
  assert.equal((await customers(renewed.access_token)).status, 200);

  // The Partner API's token: the refresh token (the newest: they rotate) asked for that
  // host's scope, as Procura does after sign-in. Each token opens only its own host.
  const api = await token({ grant_type: 'refresh_token', refresh_token: renewed.refresh_token, client_id: 'procura', scope: PARTNER_API_SCOPE });
  const apiClaims = JSON.parse(Buffer.from(api.access_token.split('.')[1], 'base64url'));
  assert.equal(apiClaims.aud, PARTNER_API);
  const sheet = (bearer) => fetch(`${sandboxUrl}/v1.0/sales/pricesheets(Market='JP',PricesheetView='azure_reservations')/$value`, { headers: { authorization: `Bearer ${bearer}` } });
  const got = await sheet(api.access_token);
  assert.equal(got.status, 200);
  // Zipped: fetch, like a browser, accepts deflate.
  assert.equal(Buffer.from(await got.arrayBuffer()).subarray(0, 4).toString('latin1'), 'PK\x03\x04');
  assert.equal((await sheet(t.access_token)).status, 401, "Partner Center's token is not the Partner API's");
  assert.equal((await customers(api.access_token)).status, 401, "nor the other way round");
});
