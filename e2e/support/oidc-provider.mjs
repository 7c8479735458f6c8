// A real OpenID provider on loopback for the sign-in tests: node-oidc-provider (a certified
// implementation) configured as Entra ID is for Procura: a public client that must use PKCE,
// access tokens that are JWTs for Partner Center's audience, or the Partner API's when a
// refresh token asks for that scope (resource indicators chosen by scope), carrying
// the partner's tenant (`tid`), refresh tokens, CORS on its token endpoint, and its
// development login page (any user name and password).
import http from 'node:http';
import Provider, { errors } from 'oidc-provider';

export const AUDIENCE = 'https://api.partnercenter.microsoft.com';
export const SCOPE = `${AUDIENCE}/user_impersonation`;
/** The Partner API (price sheets): a second resource, as Entra ID has it. */
export const PARTNER_API = 'https://api.partner.microsoft.com';
export const PARTNER_API_SCOPE = `${PARTNER_API}/user_impersonation`;
const RESOURCES = { [AUDIENCE]: SCOPE, [PARTNER_API]: PARTNER_API_SCOPE };

/**
 * Entra ID picks the resource from the scopes' prefix; node-oidc-provider from `resource`
 * (RFC 8707). Without one: at the authorization, every resource whose scope was asked for
 * (consent for both); at the token endpoint (`oneOf`, the granted ones), the one whose scope
 * the request names, Partner Center's by default.
 */
function resourcesAsked(ctx, _client, oneOf) {
  const asked = String(ctx.oidc.params?.scope ?? '').split(' ');
  const found = Object.entries(RESOURCES).filter(([, scope]) => asked.includes(scope)).map(([r]) => r);
  if (oneOf) return found.find((r) => oneOf.includes(r)) ?? AUDIENCE;
  if (found.length === 0) return AUDIENCE;
  return found.length === 1 ? found[0] : found;
}

/** Sakura Cloud Solutions KK, a seeded sandbox partner: its id is its tenant. */
export const SAKURA_TENANT = '4d5e6f70-0000-4000-8000-00000000a001';

/**
 * Starts the provider on a free port; `redirectUris` are the client's registered redirect
 * addresses. Resolves to `{ issuer, close }`.
 */
export async function startProvider({ redirectUris, accessTokenTtl = 600, clientId = 'procura' }) {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: clientId,
      token_endpoint_auth_method: 'none',
      redirect_uris: redirectUris,
      post_logout_redirect_uris: redirectUris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    }],
    clientBasedCORS: () => true,
    cookies: { keys: ['procura-test-cookie-key'] },
    claims: { openid: ['sub', 'tid'], profile: ['name'] },
    scopes: ['openid', 'profile', 'offline_access', SCOPE, PARTNER_API_SCOPE],
    async findAccount(_ctx, sub) {
      return { accountId: sub, async claims() { return { sub, name: `Test admin ${sub}`, tid: SAKURA_TENANT }; } };
    },
    // As Entra ID does, a refresh token without `prompt=consent`.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    extraTokenClaims: () => ({ tid: SAKURA_TENANT }),
    ttl: { AccessToken: accessTokenTtl, IdToken: 3600, RefreshToken: 86400, Grant: 86400, Session: 86400, Interaction: 3600 },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: (ctx) => resourcesAsked(ctx),
        useGrantedResource: () => true,
        getResourceServerInfo(_ctx, resource) {
          if (!(resource in RESOURCES)) throw new errors.InvalidTarget();
          return { scope: RESOURCES[resource], audience: resource, accessTokenFormat: 'jwt', accessTokenTTL: accessTokenTtl, jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
  });
  provider.on('server_error', (_ctx, err) => console.error('oidc-provider:', err));
  provider.on('grant.error', (_ctx, err) => console.error('oidc-provider grant.error:', err.error_detail ?? err.message));
  server.on('request', provider.callback());
  return { issuer, close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }) };
}

/**
 * Signs in on the provider's development login page (any user name and password), gives the
 * consent it asks for the first time, and waits to be sent back to an address starting with
 * `backTo`.
 */
export async function signInAtProvider(page, backTo, { timeout }) {
  await page.locator('input[name="login"]').fill('aiko');
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').first().click();
  const back = (u) => u.href.startsWith(backTo);
  const consent = page.getByText('Authorize', { exact: true }).first();
  await Promise.race([page.waitForURL(back, { timeout }), consent.waitFor({ timeout })]);
  if (!back(new URL(page.url()))) await page.locator('button[type="submit"]').first().click();
  await page.waitForURL(back, { timeout });
}
