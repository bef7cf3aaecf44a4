import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import * as oidc from 'openid-client';
import { HttpSettings, SETTING_NAMES, type OidcSettings } from '../config/settings.js';
import { groupsOfClaim, roleOf } from './group-roles.js';
import type { Identity } from './identity.js';
import { FLOW_COOKIE, SESSION_COOKIE, readSigned, signedCookie } from './session-cookie.js';
import { SessionStore } from './sessions.js';

/** How long a sign-in may take at the provider. */
const FLOW_S = 600;
const SWEEP_MS = 60_000;

/** A sign-in under way, kept in the signed flow cookie between /auth/login and /auth/callback. */
interface Flow {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
}

export class SignInError extends Error {
  constructor(
    readonly status: 400 | 403 | 502,
    message: string,
  ) {
    super(message);
  }
}

/** Only a path on this site (not `//evil.example` or `/\evil.example`): anything else returns home. */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) && value.length <= 2048
    ? value
    : '/';
}

/**
 * Signing people in with OpenID Connect (oidc mode): authorization code with PKCE through
 * `openid-client`, the provider found by discovery on first use (a provider that is down does not
 * stop simscope starting), the person's groups claim mapped to a role, and a session in memory whose
 * id travels in a signed, HttpOnly, SameSite=Lax cookie (Secure when simscope is served over https).
 */
@Injectable()
export class OidcService implements OnModuleDestroy {
  private readonly logger = new Logger(OidcService.name);
  private readonly settings: OidcSettings | null;
  readonly sessions: SessionStore | null;
  private configuration: Promise<oidc.Configuration> | null = null;
  private readonly sweeper: ReturnType<typeof setInterval> | null;

  constructor(private readonly http: HttpSettings) {
    this.settings = http.oidc;
    this.sessions = this.settings ? new SessionStore(this.settings.sessionTtlMs) : null;
    this.sweeper = this.sessions ? setInterval(() => this.sessions?.sweep(), SWEEP_MS) : null;
    this.sweeper?.unref();
  }

  onModuleDestroy(): void {
    if (this.sweeper) {
      clearInterval(this.sweeper);
    }
  }

  get enabled(): boolean {
    return this.settings !== null;
  }

  /** The identity of the session a Cookie header carries (null: none, expired or not ours). */
  identityOf(cookieHeader: string | undefined): Identity | null {
    const s = this.settings;
    const id = s && readSigned(cookieHeader, SESSION_COOKIE, s.sessionSecret);
    return id ? (this.sessions?.get(id) ?? null) : null;
  }

  /** Where to send the browser to sign in, and the flow cookie to set on the way. */
  async begin(returnTo: unknown): Promise<{ location: string; cookie: string }> {
    const s = this.must();
    const config = await this.provider();
    const flow: Flow = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
      returnTo: safeReturnTo(returnTo),
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${s.publicUrl}/auth/callback`,
      scope: s.scopes,
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
    });
    return { location: url.href, cookie: this.cookie(FLOW_COOKIE, JSON.stringify(flow), FLOW_S) };
  }

  /**
   * The provider sent the browser back: check state, nonce and PKCE, read who it is, and start a
   * session. `query` is the callback's query string ("?code=…&state=…").
   */
  async finish(
    query: string,
    cookieHeader: string | undefined,
  ): Promise<{ identity: Identity; cookies: string[]; returnTo: string }> {
    const s = this.must();
    const flow = this.flowOf(cookieHeader);
    if (!flow) {
      throw new SignInError(400, 'This sign-in expired or was started elsewhere; sign in again.');
    }
    const config = await this.provider();
    let claims: Record<string, unknown>;
    try {
      const tokens = await oidc.authorizationCodeGrant(
        config,
        new URL(`${s.publicUrl}/auth/callback${query}`),
        {
          pkceCodeVerifier: flow.verifier,
          expectedState: flow.state,
          expectedNonce: flow.nonce,
          idTokenExpected: true,
        },
      );
      claims = { ...(tokens.claims() ?? {}) };
      if (claims[s.groupsClaim] === undefined && config.serverMetadata().userinfo_endpoint) {
        // Providers that keep groups out of the ID token give them at userinfo; the ID token's own
        // claims win where both say something.
        const info = await oidc.fetchUserInfo(config, tokens.access_token, String(claims['sub']));
        claims = { ...info, ...claims };
      }
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      this.logger.warn(`sign-in refused: ${why}`);
      throw new SignInError(400, `The identity provider's answer was not accepted: ${why}`);
    }
    const identity = this.identityFrom(claims);
    const session = this.store().create(identity);
    return {
      identity,
      returnTo: flow.returnTo,
      cookies: [
        this.cookie(SESSION_COOKIE, session.id, Math.floor(s.sessionTtlMs / 1000)),
        this.cookie(FLOW_COOKIE, '', 0),
      ],
    };
  }

  /** Ends the session a Cookie header carries; the cookie that deletes it. */
  end(cookieHeader: string | undefined): string {
    const s = this.must();
    const id = readSigned(cookieHeader, SESSION_COOKIE, s.sessionSecret);
    if (id) {
      this.sessions?.end(id);
    }
    return this.cookie(SESSION_COOKIE, '', 0);
  }

  private identityFrom(claims: Record<string, unknown>): Identity {
    const s = this.must();
    const text = (k: string) => (typeof claims[k] === 'string' && claims[k] ? claims[k] : null);
    const sub = text('sub') ?? '';
    const name = text('preferred_username') ?? text('name') ?? text('email') ?? sub;
    const role = roleOf(groupsOfClaim(claims[s.groupsClaim]), this.http.roleMapping);
    if (!role) {
      throw new SignInError(403, `${name} signed in, but is in no group that has a role here.`);
    }
    return { id: sub, name, role, via: 'oidc' };
  }

  private flowOf(cookieHeader: string | undefined): Flow | null {
    const raw = readSigned(cookieHeader, FLOW_COOKIE, this.must().sessionSecret);
    try {
      const flow = raw ? (JSON.parse(raw) as Flow) : null;
      return flow && typeof flow.state === 'string' && typeof flow.verifier === 'string'
        ? flow
        : null;
    } catch {
      return null;
    }
  }

  /** The provider's configuration by discovery, once; a failure is retried on the next sign-in. */
  private provider(): Promise<oidc.Configuration> {
    const s = this.must();
    this.configuration ??= oidc
      .discovery(
        new URL(s.issuer),
        s.clientId,
        undefined,
        s.clientSecret ? oidc.ClientSecretBasic(s.clientSecret) : oidc.None(),
      )
      .catch((err: unknown) => {
        this.configuration = null;
        const why = err instanceof Error ? err.message : String(err);
        throw new SignInError(502, `The identity provider at ${s.issuer} did not answer: ${why}`);
      });
    return this.configuration;
  }

  private cookie(name: string, value: string, maxAgeS: number): string {
    const s = this.must();
    return signedCookie(name, value, {
      secret: s.sessionSecret,
      maxAgeS,
      secure: s.publicUrl.startsWith('https:'),
      path: name === FLOW_COOKIE ? '/auth/' : '/',
    });
  }

  private store(): SessionStore {
    if (!this.sessions) {
      throw new SignInError(400, 'no sessions outside oidc mode');
    }
    return this.sessions;
  }

  private must(): OidcSettings {
    if (!this.settings) {
      throw new SignInError(
        400,
        `simscope does not sign people in itself (${SETTING_NAMES.auth} is not oidc).`,
      );
    }
    return this.settings;
  }
}
