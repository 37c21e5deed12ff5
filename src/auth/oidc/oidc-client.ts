import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import * as oidc from 'openid-client';
import { isLoopbackHost, type Config } from '../../../config/config';
import { CONFIG } from '../../common/injection-tokens';
import type { PendingSignIn } from './pending-sign-in';

/** What Samtal takes from the provider: who (iss, sub) and the email with its verification. Never roles. */
export interface OidcIdentity {
  iss: string;
  sub: string;
  email: string | null;
  emailVerified: boolean;
}

/** The provider cannot be reached (down, slow, a network fault): "try again, or use an email link". */
export class OidcUnavailableError extends Error {}

/** The provider answered, but not with a sign-in we accept (the person cancelled, a replayed code, a bad token). */
export class OidcRejectedError extends Error {}

export const OIDC_CALLBACK_PATH = '/staff/oidc/callback';
export const SIGNED_OUT_PATH = '/staff/sign-in?signed_out=1';
const SCOPE = 'openid email profile';
/** Seconds for each request to the provider: a hung provider must not hang the sign-in page for long. */
const TIMEOUT_SECONDS = 5;

/**
 * The relying party, on openid-client v6. Discovery happens lazily and is cached; a failed discovery
 * is forgotten, so the next sign-in tries again: a provider that is down at boot neither stops the
 * app nor keeps sign-in broken after it is back.
 */
@Injectable()
export class OidcClient implements OnApplicationBootstrap {
  private readonly logger = new Logger('Oidc');
  private readonly settings: { issuer: URL; clientId: string; clientSecret: string } | null;
  private readonly redirectUri: string;
  private readonly postLogoutRedirectUri: string;
  private discovered: Promise<oidc.Configuration> | null = null;

  constructor(@Inject(CONFIG) config: Config) {
    this.redirectUri = `${config.PUBLIC_URL}${OIDC_CALLBACK_PATH}`;
    this.postLogoutRedirectUri = `${config.PUBLIC_URL}${SIGNED_OUT_PATH}`;
    this.settings =
      config.OIDC_ISSUER && config.OIDC_CLIENT_ID && config.OIDC_CLIENT_SECRET
        ? {
            issuer: new URL(config.OIDC_ISSUER),
            clientId: config.OIDC_CLIENT_ID,
            clientSecret: config.OIDC_CLIENT_SECRET,
          }
        : null;
  }

  get enabled(): boolean {
    return this.settings !== null;
  }

  /** Warms the cache so that a misconfigured issuer shows in the log at boot; never fails the boot. */
  onApplicationBootstrap(): void {
    if (this.enabled) this.configuration().catch(() => undefined);
  }

  /** The provider's authorization URL for a new sign-in, with PKCE (S256), state and nonce. */
  async begin(next: string, expiresAt: number): Promise<{ url: string; pending: PendingSignIn }> {
    const config = await this.configuration();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const pending: PendingSignIn = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier,
      next,
      expiresAt,
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: SCOPE,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /**
   * Exchanges the callback's code (with the PKCE verifier; openid-client checks the state, the
   * issuer, the ID token's signature, audience, expiry and nonce) and reads the identity from the
   * ID token. A provider that keeps `email` out of the ID token (OpenID's rule for the code flow)
   * is asked at its UserInfo endpoint, whose answer must name the same subject.
   */
  async complete(callbackQuery: string, pending: PendingSignIn): Promise<OidcIdentity> {
    const config = await this.configuration();
    const currentUrl = new URL(`${this.redirectUri}?${callbackQuery}`);
    try {
      const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new OidcRejectedError('no ID token');
      let source: Record<string, unknown> = claims;
      if (typeof claims.email !== 'string' && config.serverMetadata().userinfo_endpoint)
        source = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      return {
        iss: claims.iss,
        sub: claims.sub,
        email: typeof source.email === 'string' ? source.email : null,
        // The ID token's issuer (checked by openid-client), also when the email came from UserInfo.
        emailVerified: isEmailVerified(source, claims.iss),
      };
    } catch (err) {
      throw this.classify(err, 'sign-in');
    }
  }

  /**
   * Where the browser goes after Samtal ends an OpenID Connect session: the provider's end-session
   * endpoint, naming our client and where to come back (no id_token_hint: the ID token carries
   * personal data, so it is not kept). Null when the provider has no such endpoint or is unreachable:
   * the sign-out in Samtal has happened either way.
   */
  async endSessionUrl(): Promise<string | null> {
    if (!this.settings) return null;
    try {
      const config = await this.configuration();
      if (!config.serverMetadata().end_session_endpoint) return null;
      return oidc.buildEndSessionUrl(config, {
        client_id: this.settings.clientId,
        post_logout_redirect_uri: this.postLogoutRedirectUri,
      }).href;
    } catch {
      return null;
    }
  }

  private configuration(): Promise<oidc.Configuration> {
    if (!this.settings) return Promise.reject(new OidcUnavailableError('OpenID Connect is not configured'));
    this.discovered ??= this.discover(this.settings).catch((err: unknown) => {
      this.discovered = null;
      throw this.classify(err, 'discovery');
    });
    return this.discovered;
  }

  private async discover(s: { issuer: URL; clientId: string; clientSecret: string }): Promise<oidc.Configuration> {
    // Plain http only to a provider on this machine (the e2e suite's); config.ts refuses it elsewhere.
    const insecure = s.issuer.protocol === 'http:' && isLoopbackHost(s.issuer.hostname);
    const config = await oidc.discovery(
      s.issuer,
      s.clientId,
      { redirect_uris: [this.redirectUri], response_types: ['code'] },
      oidc.ClientSecretPost(s.clientSecret),
      { timeout: TIMEOUT_SECONDS, ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}) },
    );
    config.timeout = TIMEOUT_SECONDS;
    this.logger.log(`OpenID Connect provider discovered: ${config.serverMetadata().issuer}`);
    return config;
  }

  /** Network trouble is "unavailable"; anything the provider said, or a token that fails a check, is "rejected". */
  private classify(err: unknown, step: string): Error {
    if (err instanceof OidcRejectedError || err instanceof OidcUnavailableError) return err;
    const code = err instanceof oidc.ClientError ? err.code : undefined;
    const network =
      err instanceof TypeError || code === 'OAUTH_TIMEOUT' || code === 'OAUTH_ABORT' || step === 'discovery';
    const detail = err instanceof Error ? `${err.name}${code ? ` ${code}` : ''}: ${err.message}` : String(err);
    if (network) {
      this.logger.warn(`OpenID Connect provider unavailable (${step}): ${detail}`);
      return new OidcUnavailableError(detail);
    }
    const providerError = err instanceof oidc.AuthorizationResponseError ? err.error : undefined;
    this.logger.warn(`OpenID Connect ${step} refused: ${providerError ?? detail}`);
    return new OidcRejectedError(providerError ?? detail);
  }
}

/**
 * Entra ID's sign-in hosts: the global cloud and the sovereign ones (US Government, China operated
 * by 21Vianet, also under its older name). Matched exactly: `xms_edov` is only Entra ID's word.
 */
const ENTRA_ID_HOSTS = new Set([
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.partner.microsoftonline.cn',
  'login.chinacloudapi.cn',
]);

/** An Entra ID v2.0 issuer: https://<one of its hosts>/<tenant>/v2.0, nothing more. */
export function isEntraIdIssuer(iss: unknown): boolean {
  if (typeof iss !== 'string') return false;
  let url: URL;
  try {
    url = new URL(iss);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.port === '' &&
    url.username === '' &&
    url.password === '' &&
    ENTRA_ID_HOSTS.has(url.hostname) &&
    /^\/[A-Za-z0-9.-]+\/v2\.0$/.test(url.pathname) &&
    url.search === '' &&
    url.hash === ''
  );
}

/**
 * `email_verified: true`, or Entra ID's `xms_edov: true` (the email's domain is verified by the
 * tenant's owner): Entra ID never sends `email_verified`. `xms_edov` counts only from an Entra ID
 * issuer: any other provider may put any claim in its tokens, and one that lets its users set an
 * unverified email must not sign them in as the caseworker with that address. A boolean-like string
 * counts as false.
 */
export function isEmailVerified(claims: Record<string, unknown>, issuer: unknown): boolean {
  return claims.email_verified === true || (claims.xms_edov === true && isEntraIdIssuer(issuer));
}
