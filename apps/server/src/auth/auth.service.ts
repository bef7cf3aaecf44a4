import { mkdir } from 'node:fs/promises';
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

export const KEYS_FILE = 'auth_keys.v1.jsonl';
/** Failed authentications one client address may make per minute before it gets 429. */
const FAILURES_PER_MINUTE = 10;

/** What presenting a credential came to. */
export type Verdict =
  | { ok: true; identity: Identity }
  | {
      ok: false;
      status: 401 | 429;
      reason: 'missing' | 'invalid' | 'rate_limited';
      retryAfterMs?: number;
    };

/**
 * Who is asking. In `none` mode everyone is the anonymous admin (the write token, when set, is
 * checked by the write guard as before). In `token` mode a key is needed: the bootstrap admin key
 * (the API token setting) or one an admin created, each with its role. Failed attempts are counted and
 * limited per client address; keys live in `auth_keys.v1.jsonl` in the data directory (append-only,
 * only hashes).
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
  ) {}

  get mode(): 'none' | 'token' {
    return this.http.authMode;
  }

  async onModuleInit(): Promise<void> {
    if (this.mode !== 'token') {
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

  /** The identity a bearer credential (header value without "Bearer ", or a socket's auth.token) gives. */
  async identify(credential: string | undefined, client: string): Promise<Verdict> {
    if (this.mode === 'none') {
      return { ok: true, identity: ANONYMOUS };
    }
    const blocked = await this.failures.get(client);
    if (blocked && blocked.remainingPoints <= 0) {
      this.count('rate_limited');
      return { ok: false, status: 429, reason: 'rate_limited', retryAfterMs: blocked.msBeforeNext };
    }
    if (!credential) {
      return { ok: false, status: 401, reason: 'missing' };
    }
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
    return { ok: false, status: 401, reason: 'invalid' };
  }

  /**
   * The identity a live connection's `auth.token` gives. In `none` mode the socket needs the API token
   * when one is set (writes do too; reads over REST do not), and is anonymous.
   */
  identifyLive(credential: string | undefined, client: string): Promise<Verdict> {
    const token = this.http.apiToken;
    if (this.mode === 'none' && token) {
      return Promise.resolve(
        credential !== undefined && sameSecret(credential, token)
          ? { ok: true, identity: ANONYMOUS }
          : { ok: false, status: 401, reason: credential === undefined ? 'missing' : 'invalid' },
      );
    }
    return this.identify(credential, client);
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
      throw new Error(`API keys exist only with ${SETTING_NAMES.auth}=token`);
    }
    await this.file.append(JSON.stringify(line));
  }
}
