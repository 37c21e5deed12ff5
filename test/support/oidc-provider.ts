import type { Server } from 'node:http';
import { Provider } from 'oidc-provider';
import { freePort } from './browser';

/** A person at the test provider: the devInteractions login page takes `login` (any password). */
export interface TestOidcAccount {
  login: string;
  email: string;
  emailVerified: boolean;
  name: string;
}

export interface TestOidcProvider {
  /** http://127.0.0.1:<port>: OIDC_ISSUER for the app. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Add or change a person (the provider reads them at each sign-in). */
  account(a: TestOidcAccount): void;
  close(): Promise<void>;
}

export interface TestOidcProviderOptions {
  /** The apps' PUBLIC_URLs: the client's redirect and post-logout URIs are made from them. */
  appUrls: string[];
  /** Listen on this port (a test that starts the provider after the app already named it). */
  port?: number;
  /**
   * OpenID's rule for the code flow puts scope claims (email, name) only at the UserInfo endpoint
   * (`conformIdTokenClaims`, oidc-provider's default). False (ours by default): they are in the ID
   * token too, as Entra ID and Keycloak do.
   */
  claimsOnlyAtUserInfo?: boolean;
}

/**
 * A real OpenID provider (panva's oidc-provider, a Koa app) on a loopback port, inside the test:
 * discovery, its own login and consent pages (devInteractions), PKCE required, signed ID tokens,
 * RP-initiated logout, and one confidential client registered for Samtal.
 */
export async function startOidcProvider(opts: TestOidcProviderOptions): Promise<TestOidcProvider> {
  const port = opts.port ?? (await freePort());
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'samtal';
  const clientSecret = 'samtal-test-client-secret-0123456789abcdef';
  const accounts = new Map<string, TestOidcAccount>();
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: opts.appUrls.map((u) => `${u}/staff/oidc/callback`),
        post_logout_redirect_uris: opts.appUrls.map((u) => `${u}/staff/sign-in?signed_out=1`),
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    conformIdTokenClaims: opts.claimsOnlyAtUserInfo ?? false,
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    cookies: { keys: ['samtal-test-provider-cookie-key'] },
    findAccount: (_ctx: unknown, sub: string) => {
      const a = accounts.get(sub);
      if (!a) return undefined;
      return {
        accountId: sub,
        claims: () => Promise.resolve({ sub, email: a.email, email_verified: a.emailVerified, name: a.name }),
      };
    },
  });
  const server: Server = await new Promise((resolve) => {
    const s = provider.listen(port, '127.0.0.1', () => resolve(s));
  });
  return {
    issuer,
    clientId,
    clientSecret,
    account: (a) => accounts.set(a.login, a),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The app's environment for this provider. */
export function oidcEnv(p: TestOidcProvider, providerName = 'Test ID'): Record<string, string> {
  return {
    OIDC_ISSUER: p.issuer,
    OIDC_CLIENT_ID: p.clientId,
    OIDC_CLIENT_SECRET: p.clientSecret,
    OIDC_PROVIDER_NAME: providerName,
  };
}

/**
 * The provider's side of a sign-in over plain HTTP, as a browser would do it (its own cookie jar,
 * the login form, the consent form), for specs that need no browser: from the authorization URL
 * that Samtal redirected to, until the provider redirects back to `callbackPrefix`. Returns that URL.
 */
export async function signInAtProvider(
  authorizationUrl: string,
  login: string,
  callbackPrefix: string,
): Promise<string> {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  let next: { url: string; body?: URLSearchParams } = { url: authorizationUrl };
  for (let hop = 0; hop < 20; hop++) {
    if (next.url.startsWith(callbackPrefix)) return next.url;
    const res = await fetch(next.url, {
      method: next.body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: cookie(), ...(next.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: next.body,
    });
    remember(res);
    const location = res.headers.get('location');
    if (location) {
      next = { url: new URL(location, next.url).href };
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (res.status !== 200 || !action || !prompt)
      throw new Error(`the provider answered ${res.status} at ${next.url}:\n${html.slice(0, 500)}`);
    const body = new URLSearchParams({ prompt });
    if (prompt === 'login') {
      body.set('login', login);
      body.set('password', 'any');
    }
    next = { url: new URL(action.replace(/&amp;/g, '&'), next.url).href, body };
  }
  throw new Error('the provider did not redirect back');
}
