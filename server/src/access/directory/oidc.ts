/**
 * Sign-in with the city's OpenID Connect provider (Entra ID, Keycloak, ...): the authorization code flow with PKCE,
 * state and nonce. The browser leaves for the provider and comes back to the callback with a code; the state it
 * carries must match the one this browser was given in a cookie, so nobody can sign another's browser in.
 */
import * as oidc from 'openid-client';
import type { DirectoryUser } from './ldap.js';
import { unavailable } from './ldap.js';
import { JunbanError } from '@junban/protocol';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string | undefined;
  /** This server's callback as the provider knows it: https://<office or city>/auth/oidc/callback. */
  redirectUrl: string;
  scopes: string;
  /** The ID token's (or userinfo's) claim listing the user's groups (Entra ID: `groups`, or `roles` for app roles). */
  groupsClaim: string;
  /** The claim used as the staff username (Entra ID: `preferred_username`, the UPN). */
  usernameClaim: string;
  /** The button on the sign-in page, as "日本語 / English". */
  label: string;
  timeoutMs: number;
}

/** A sign-in the browser has started: how long the provider's page may take. */
export const PENDING_MS = 10 * 60_000;

/** What a started sign-in keeps until its callback: the PKCE verifier and the nonce the ID token must carry. */
export interface PendingSignIn {
  verifier: string;
  nonce: string;
  at: number;
}

/**
 * Where started sign-ins wait for their callback, by their state: this process's memory for an office (one process),
 * a database every process reads for the city (a sign-in started on one process may come back to another).
 */
export interface PendingSignIns {
  put(state: string, pending: PendingSignIn): Promise<void>;
  /** The sign-in started with this state, taken (a state is used once); undefined when unknown or older than PENDING_MS. */
  take(state: string): Promise<PendingSignIn | undefined>;
}

/** Started sign-ins in this process's memory. */
export class MemorySignIns implements PendingSignIns {
  private readonly pending = new Map<string, PendingSignIn>();

  constructor(private readonly now: () => number) {}

  async put(state: string, pending: PendingSignIn): Promise<void> {
    const now = this.now();
    for (const [key, p] of this.pending) if (now - p.at > PENDING_MS) this.pending.delete(key);
    // Bounded: a flood of started sign-ins cannot grow the map without end.
    if (this.pending.size >= 10_000) this.pending.delete(this.pending.keys().next().value!);
    this.pending.set(state, pending);
  }

  async take(state: string): Promise<PendingSignIn | undefined> {
    const pending = this.pending.get(state);
    this.pending.delete(state);
    return pending && this.now() - pending.at <= PENDING_MS ? pending : undefined;
  }
}

export class OidcSignIn {
  private config: Promise<oidc.Configuration> | undefined;

  constructor(
    readonly settings: OidcSettings,
    private readonly now: () => number,
    private readonly pending: PendingSignIns = new MemorySignIns(now),
  ) {}

  /** The provider's page to send the browser to, and the state to keep in the browser's cookie. */
  async start(): Promise<{ url: string; state: string }> {
    const config = await this.configuration();
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    await this.pending.put(state, { verifier, nonce, at: this.now() });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUrl,
      scope: this.settings.scopes,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state };
  }

  /** The provider sent the browser back to `callbackUrl`; `state` is what the browser's cookie says it started. */
  async finish(callbackUrl: URL, state: string | undefined): Promise<DirectoryUser> {
    const pending = state ? await this.pending.take(state) : undefined;
    if (!state || !pending) throw new JunbanError('auth/bad_credentials', 'This sign-in was not started here or took too long: start again.');
    const config = await this.configuration();
    let claims: Record<string, unknown>;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = { ...tokens.claims() };
      // Providers that keep groups out of the ID token (to keep it small) give them at the userinfo endpoint.
      if (claims[this.settings.groupsClaim] === undefined && tokens.access_token) {
        claims = { ...(await oidc.fetchUserInfo(config, tokens.access_token, String(claims['sub']))), ...claims };
      }
    } catch (e) {
      if (e instanceof oidc.ResponseBodyError || e instanceof oidc.AuthorizationResponseError) {
        throw new JunbanError('auth/bad_credentials', "The city's sign-in was refused or cancelled.");
      }
      throw unavailable(e);
    }
    const username = claims[this.settings.usernameClaim] ?? claims['email'] ?? claims['sub'];
    if (typeof username !== 'string' || !username) throw new JunbanError('auth/bad_credentials', "The city's sign-in gave no username.");
    const raw = claims[this.settings.groupsClaim];
    const groups = Array.isArray(raw) ? raw.filter((g): g is string => typeof g === 'string') : typeof raw === 'string' ? [raw] : [];
    const name = typeof claims['name'] === 'string' && claims['name'] ? claims['name'] : username;
    return { username: username.slice(0, 100), displayName: name.slice(0, 100), groups };
  }

  /** The provider's metadata, fetched at the first sign-in (a provider down at start does not stop the server). */
  private configuration(): Promise<oidc.Configuration> {
    const s = this.settings;
    const timeoutMs = s.timeoutMs;
    const options: oidc.DiscoveryRequestOptions = {
      [oidc.customFetch]: (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) } as RequestInit),
    };
    // Plain HTTP only for a provider on this machine (tests, a local Keycloak): tokens never cross a network in clear.
    const host = new URL(s.issuer).hostname;
    if (new URL(s.issuer).protocol === 'http:' && (host === 'localhost' || host === '127.0.0.1')) options.execute = [oidc.allowInsecureRequests];
    // client_secret_basic: the method every provider must support (RFC 6749 2.3.1).
    const auth = s.clientSecret ? oidc.ClientSecretBasic(s.clientSecret) : oidc.None();
    this.config ??= oidc.discovery(new URL(s.issuer), s.clientId, undefined, auth, options).catch((e: unknown) => {
      this.config = undefined;
      throw unavailable(e);
    });
    return this.config;
  }
}
