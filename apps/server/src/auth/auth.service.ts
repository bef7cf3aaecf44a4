import { mkdir } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { ApiKey, CreatedApiKey, Role } from '@simscope/contracts';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { Subject } from 'rxjs';
import { AppendOnlyFile } from '../adapters/fs/append-only-file.js';
import { loadJsonl } from '../adapters/fs/jsonl-scan.js';
import { HttpSettings, MetaSettings, SETTING_NAMES } from '../config/settings.js';
import { ANONYMOUS, type Identity } from './identity.js';
import { sameSecret } from '../common/secrets.js';
import { KeyStore } from './key-store.js';
import { OidcService } from './oidc.service.js';
import { proxyIdentity } from './proxy-identity.js';

export const KEYS_FILE = 'auth_keys.v1.jsonl';
/** Failed authentications one client address may make per minute before it gets 429. */
const FAILURES_PER_MINUTE = 10;
const MISSING_KEY = 'an API key is required (Authorization: Bearer <key>)';

/** What a request or live connection presents. */
export interface Presented {
  /** A bearer key (header value without "Bearer ", or a socket's auth.token). */
  credential: string | undefined;
  /** The client's address, for the failure limit. */
  client: string;
  /** The address of the immediate peer: only a trusted proxy's identity headers are believed. */
  peer: string;
  headers: IncomingHttpHeaders;
}

/** What presenting a credential came to. */
export type Verdict =
  | { ok: true; identity: Identity }
  | {
      ok: false;
      status: 401 | 403 | 429;
      reason: 'missing' | 'invalid' | 'rate_limited' | 'no_role';
      message: string;
      retryAfterMs?: number;
    };

/**
 * Who is asking. In `none` mode everyone is the anonymous admin (the write token, when set, is
 * checked by the write guard as before). In `token` mode a key is needed: the bootstrap admin key
 * (the API token setting) or one an admin created, each with its role. In `proxy` mode a key works
 * too, and otherwise the authenticating proxy's identity headers name the person — believed only when
 * the immediate peer is a trusted proxy. Failed attempts are counted and limited per client address;
 * keys live in `auth_keys.v1.jsonl` in the data directory (append-only, only hashes).
 */
@Injectable()
export class AuthService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AuthService.name);
  private readonly store = new KeyStore();
  private file: AppendOnlyFile | null = null;
  private readonly failures = new RateLimiterMemory({ points: FAILURES_PER_MINUTE, duration: 60 });
  /** Failed authentications by reason, for /metrics. */
  readonly failed: Record<string, number> = {};
  private readonly revoked = new Subject<string>();
  /** Ids of revoked keys, as they are revoked (open sockets of that key close). */
  readonly revoked$ = this.revoked.asObservable();

  constructor(
    private readonly http: HttpSettings,
    private readonly meta: MetaSettings,
    private readonly oidc: OidcService,
  ) {}

  get mode(): HttpSettings['authMode'] {
    return this.http.authMode;
  }

  async onModuleInit(): Promise<void> {
    if (this.mode === 'none') {
      return;
    }
    await mkdir(this.meta.dataDir, { recursive: true });
    const path = join(this.meta.dataDir, KEYS_FILE);
    const loaded = await loadJsonl(path, KEYS_FILE, (value) => this.store.apply(value));
    loaded.warnings.forEach((w) => this.logger.warn(w));
    this.file = await AppendOnlyFile.open(path, 'each');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.file?.close();
  }

  /** The identity a request or live connection establishes, or why it establishes none. */
  async identify(presented: Presented): Promise<Verdict> {
    if (this.mode === 'none') {
      return { ok: true, identity: ANONYMOUS };
    }
    const { credential, client } = presented;
    const blocked = await this.failures.get(client);
    if (blocked && blocked.remainingPoints <= 0) {
      this.count('rate_limited');
      const retryAfterMs = blocked.msBeforeNext;
      const message = `too many failed authentications; retry in ${Math.max(1, Math.ceil(retryAfterMs / 1000))} s`;
      return { ok: false, status: 429, reason: 'rate_limited', message, retryAfterMs };
    }
    if (credential) {
      return this.byKey(credential, client);
    }
    if (this.mode === 'proxy') {
      return this.byProxy(presented);
    }
    if (this.mode === 'oidc') {
      const identity = this.oidc.identityOf(presented.headers.cookie);
      return identity
        ? { ok: true, identity }
        : {
            ok: false,
            status: 401,
            reason: 'missing',
            message: 'sign in at /auth/login, or send an API key (Authorization: Bearer <key>)',
          };
    }
    return { ok: false, status: 401, reason: 'missing', message: MISSING_KEY };
  }

  private async byKey(credential: string, client: string): Promise<Verdict> {
    const bootstrap = this.http.apiToken;
    if (bootstrap && sameSecret(credential, bootstrap)) {
      return {
        ok: true,
        identity: { id: 'bootstrap', name: 'bootstrap admin', role: 'admin', via: 'key' },
      };
    }
    const key = await this.store.verify(credential);
    if (key) {
      return { ok: true, identity: { id: key.id, name: key.name, role: key.role, via: 'key' } };
    }
    this.count('invalid');
    await this.failures.consume(client).catch(() => undefined);
    return { ok: false, status: 401, reason: 'invalid', message: 'that API key is not valid' };
  }

  private byProxy({ peer, headers }: Presented): Verdict {
    const proxy = this.http.proxyAuth;
    const trusted = proxy && this.http.trustProxy?.(peer, 0);
    const outcome = trusted
      ? proxyIdentity(headers, proxy.headers, this.http.roleMapping)
      : { kind: 'absent' as const };
    if (outcome.kind === 'identity') {
      return { ok: true, identity: outcome.identity };
    }
    if (outcome.kind === 'no_role') {
      this.count('no_role');
      return {
        ok: false,
        status: 403,
        reason: 'no_role',
        message: `${outcome.name} is signed in but in no group that has a role here`,
      };
    }
    if (!trusted && proxy && headers[proxy.headers.user] !== undefined) {
      // Someone other than the proxy named a user: ignored, and counted.
      this.count('untrusted_proxy');
    }
    return {
      ok: false,
      status: 401,
      reason: 'missing',
      message:
        'sign in through the authenticating proxy, or send an API key (Authorization: Bearer <key>)',
    };
  }

  /**
   * The identity a live connection gives. In `none` mode the socket needs the API token when one is
   * set (writes do too; reads over REST do not), and is anonymous.
   */
  identifyLive(presented: Presented): Promise<Verdict> {
    const token = this.http.apiToken;
    if (this.mode === 'none' && token) {
      const given = presented.credential;
      return Promise.resolve(
        given !== undefined && sameSecret(given, token)
          ? { ok: true, identity: ANONYMOUS }
          : given === undefined
            ? { ok: false, status: 401, reason: 'missing', message: MISSING_KEY }
            : { ok: false, status: 401, reason: 'invalid', message: 'that API key is not valid' },
      );
    }
    return this.identify(presented);
  }

  private count(reason: string): void {
    this.failed[reason] = (this.failed[reason] ?? 0) + 1;
  }

  list(): ApiKey[] {
    return this.store.list();
  }

  async create(name: string, role: Role): Promise<CreatedApiKey> {
    const { line, key } = await this.store.create(name.trim(), role);
    await this.append(line);
    this.store.apply(line);
    return { id: line.id, name: line.name, role: line.role, createdAt: line.createdAt, key };
  }

  /** Revokes a key at once; false when there is no such key. */
  async revoke(id: string): Promise<boolean> {
    if (!this.store.has(id)) {
      return false;
    }
    const line = {
      schema: 'simscope.auth-key.v1' as const,
      kind: 'revoked' as const,
      id,
      at: new Date().toISOString(),
    };
    await this.append(line);
    this.store.apply(line);
    this.revoked.next(id);
    return true;
  }

  private async append(line: object): Promise<void> {
    if (!this.file) {
      throw new Error(`API keys exist only with ${SETTING_NAMES.auth}=token, proxy or oidc`);
    }
    await this.file.append(JSON.stringify(line));
  }
}
