import { randomBytes } from 'node:crypto';
import type { Identity } from './identity.js';

/** Sign-ins held at once; past this the oldest ends first (a flood of sign-ins cannot grow memory). */
const MAX_SESSIONS = 10_000;

interface Session {
  identity: Identity;
  expiresAt: number;
}

/**
 * Who signed in (oidc mode), by session id: random 256-bit ids, kept in memory until they expire or
 * their person signs out. A restart signs everyone out (the provider usually signs them straight back
 * in). Ids go to the browser in a signed cookie; the store never sees the cookie.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  /** A new session for `identity`; its id and when it ends (epoch ms). */
  create(identity: Identity): { id: string; expiresAt: number } {
    const id = randomBytes(32).toString('base64url');
    const expiresAt = this.now() + this.ttlMs;
    this.sessions.set(id, { identity, expiresAt });
    if (this.sessions.size > MAX_SESSIONS) {
      // Maps keep insertion order: the first key is the oldest session.
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) {
        this.sessions.delete(oldest);
      }
    }
    return { id, expiresAt };
  }

  /** The identity of a live session; an expired one is forgotten and gives null. */
  get(id: string): Identity | null {
    const session = this.sessions.get(id);
    if (!session) {
      return null;
    }
    if (session.expiresAt <= this.now()) {
      this.sessions.delete(id);
      return null;
    }
    return session.identity;
  }

  end(id: string): void {
    this.sessions.delete(id);
  }

  /** Forgets expired sessions nobody asked about (run now and then). */
  sweep(): void {
    const now = this.now();
    for (const [id, s] of this.sessions) {
      if (s.expiresAt <= now) {
        this.sessions.delete(id);
      }
    }
  }
}
