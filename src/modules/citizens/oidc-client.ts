import * as client from 'openid-client';
import type { OidcConfig } from '../../config.ts';

/** What the identity provider vouches for about the person who signed in, after every check passed. */
export interface VerifiedIdentity {
  issuer: string;
  sub: string;
  name: string | null;
  /** The 12-digit personal ID number. */
  idNumber: string;
  /** Assurance level of this sign-in (acr). */
  acr: string | null;
}

/** What the callback must present again: kept server-side between the redirect and the callback. */
export interface LoginChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The sign-in could not be completed or verified; the message is English, for the log. */
export class CitizenSignInFailed extends Error {
  override name = 'CitizenSignInFailed';
}

export interface CitizenOidc {
  /** A new sign-in: the provider's authorization URL (code flow, PKCE S256, state, nonce) and its checks. */
  begin(): Promise<{ url: URL } & LoginChecks>;
  /**
   * Validates the provider's answer at `callbackUrl` (the full URL the browser came back to):
   * state, code exchange with the PKCE verifier, and the ID token (signature, issuer, audience,
   * expiry, nonce). Throws CitizenSignInFailed on any failure.
   */
  complete(callbackUrl: URL, checks: LoginChecks): Promise<VerifiedIdentity>;
}

/**
 * The client of one OpenID provider. Discovery happens once, on first use (so the app starts even
 * while the provider is unreachable); a failed discovery is retried by the next sign-in.
 */
export function createCitizenOidc(settings: OidcConfig): CitizenOidc {
  let discovered: Promise<client.Configuration> | null = null;
  const configuration = () => {
    discovered ??= discover(settings).catch((err: unknown) => {
      discovered = null;
      throw new CitizenSignInFailed(`OIDC discovery of ${settings.issuer} failed: ${(err as Error).message}`, { cause: err });
    });
    return discovered;
  };

  return {
    async begin() {
      const config = await configuration();
      const checks = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: 'openid profile',
        code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: 'S256',
        state: checks.state,
        nonce: checks.nonce,
        // Always ask the person to authenticate: at a kiosk or a shared computer, the previous
        // citizen's sign-in at the provider must never carry over to the next one.
        prompt: 'login',
      });
      return { url, ...checks };
    },

    async complete(callbackUrl, checks) {
      const config = await configuration();
      let claims: client.IDToken | undefined;
      try {
        const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: checks.codeVerifier,
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          idTokenExpected: true,
        });
        claims = tokens.claims();
      } catch (err) {
        throw new CitizenSignInFailed(`OIDC callback rejected: ${(err as Error).message}`, { cause: err });
      }
      if (!claims) throw new CitizenSignInFailed('no ID token in the token response');
      const idNumber = claims['id_number'];
      if (typeof idNumber !== 'string' || !/^\d{12}$/.test(idNumber))
        throw new CitizenSignInFailed('ID token carries no 12-digit id_number');
      const name = typeof claims['name'] === 'string' && claims['name'].trim() ? claims['name'].trim() : null;
      return { issuer: claims.iss, sub: claims.sub, name, idNumber, acr: typeof claims.acr === 'string' ? claims.acr : null };
    },
  };
}

async function discover(settings: OidcConfig): Promise<client.Configuration> {
  if (!settings.issuer || !settings.clientSecret) throw new Error('OIDC_ISSUER and OIDC_CLIENT_SECRET are not configured');
  const issuer = new URL(settings.issuer);
  // Plain HTTP only for a provider on this machine (the local demo provider); VNeID is always HTTPS.
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
  const execute = [client.enableNonRepudiationChecks, ...(issuer.protocol === 'http:' && loopback ? [client.allowInsecureRequests] : [])];
  return client.discovery(issuer, settings.clientId, undefined, client.ClientSecretBasic(settings.clientSecret), { execute, timeout: 10 });
}
