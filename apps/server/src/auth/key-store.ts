import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { ApiKey, Role } from '@simscope/contracts';
import { ROLES } from '@simscope/contracts';

/** scrypt's cost for a key's hash: ~50 ms per check, and a check is cached once it passed. */
const SCRYPT: ScryptOptions = { N: 16384, r: 8, p: 1 };
const KEY_PREFIX = 'ssk_';

function scryptAsync(secret: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, 32, SCRYPT, (err, out) => (err ? reject(err) : resolve(out))),
  );
}

const sha256 = (s: string): Buffer => createHash('sha256').update(s).digest();

/** The stored line of a created key. */
export interface KeyCreated {
  schema: 'simscope.auth-key.v1';
  kind: 'created';
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  salt: string;
  hash: string;
}

/** A stored line of the keys file. */
export type KeyLine =
  KeyCreated | { schema: 'simscope.auth-key.v1'; kind: 'revoked'; id: string; at: string };

interface StoredKey extends ApiKey {
  salt: Buffer;
  hash: Buffer;
}

/**
 * API keys: `ssk_<id>_<secret>`, stored only as scrypt hashes (per-key salt). The id finds the key
 * without trying every hash; the secret is compared in constant time. A key that checked out once is
 * remembered by its SHA-256 (not the secret) until it is revoked, so a request costs a hash, not
 * scrypt. Pure state: the caller persists the lines it returns and feeds them back at start.
 */
export class KeyStore {
  private readonly keys = new Map<string, StoredKey>();
  private readonly verified = new Map<string, string>();

  /** Applies a stored line; returns why it cannot (null: applied). */
  apply(line: unknown): string | null {
    const l = line as Partial<KeyLine> | null;
    if (!l || typeof l !== 'object' || l.schema !== 'simscope.auth-key.v1' || !l.id) {
      return 'not a key line';
    }
    if (l.kind === 'created') {
      if (!ROLES.includes(l.role as Role) || !l.salt || !l.hash || !l.name || !l.createdAt) {
        return 'a created key without its fields';
      }
      this.keys.set(l.id, {
        id: l.id,
        name: l.name,
        role: l.role as Role,
        createdAt: l.createdAt,
        salt: Buffer.from(l.salt, 'base64'),
        hash: Buffer.from(l.hash, 'base64'),
      });
      return null;
    }
    if (l.kind === 'revoked') {
      this.keys.delete(l.id);
      for (const [digest, id] of this.verified) {
        if (id === l.id) {
          this.verified.delete(digest);
        }
      }
      return null;
    }
    return 'an unknown kind of key line';
  }

  /** A new key: the line to store and the secret to show once. */
  async create(
    name: string,
    role: Role,
    now = new Date(),
  ): Promise<{ line: KeyCreated; key: string }> {
    const id = randomBytes(6).toString('hex');
    const secret = randomBytes(24).toString('base64url');
    const salt = randomBytes(16);
    const hash = await scryptAsync(secret, salt);
    return {
      key: `${KEY_PREFIX}${id}_${secret}`,
      line: {
        schema: 'simscope.auth-key.v1',
        kind: 'created',
        id,
        name,
        role,
        createdAt: now.toISOString(),
        salt: salt.toString('base64'),
        hash: hash.toString('base64'),
      },
    };
  }

  has(id: string): boolean {
    return this.keys.has(id);
  }

  list(): ApiKey[] {
    return [...this.keys.values()].map(({ id, name, role, createdAt }) => ({
      id,
      name,
      role,
      createdAt,
    }));
  }

  /** The key a presented secret belongs to, or null. */
  async verify(presented: string): Promise<ApiKey | null> {
    const digest = sha256(presented).toString('base64');
    const known = this.verified.get(digest);
    if (known !== undefined) {
      return this.public(known);
    }
    const m = /^ssk_([0-9a-f]{12})_([A-Za-z0-9_-]{32})$/.exec(presented);
    const stored = m ? this.keys.get(m[1] ?? '') : undefined;
    if (!m || !stored) {
      return null;
    }
    const hash = await scryptAsync(m[2] ?? '', stored.salt);
    if (!timingSafeEqual(hash, stored.hash) || !this.keys.has(stored.id)) {
      return null;
    }
    this.verified.set(digest, stored.id);
    return this.public(stored.id);
  }

  private public(id: string): ApiKey | null {
    const k = this.keys.get(id);
    return k ? { id: k.id, name: k.name, role: k.role, createdAt: k.createdAt } : null;
  }
}
