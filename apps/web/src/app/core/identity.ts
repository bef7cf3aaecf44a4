import { Injectable, computed, inject, signal, type Signal } from '@angular/core';
import {
  SimscopeApiError,
  roleAllows,
  type AuthConfig,
  type Me,
  type Role,
} from '@simscope/contracts';
import { SIMSCOPE_CLIENT } from './simscope-client';

/**
 * Who this console is, as the server says (`GET /api/auth/me`). `unknown` until it answers, or when
 * it cannot (the server is down): the console then shows what it would show anyone and lets the
 * server refuse. `signed-out`: the server needs a key (token mode) or a sign-in (proxy mode).
 */
export type Session =
  { kind: 'unknown' } | { kind: 'known'; me: Me } | { kind: 'signed-out'; message: string };

/** Whether a session may use controls that need `role`: unknown sessions may (the server decides). */
export function sessionAllows(session: Session, role: Role): boolean {
  return session.kind === 'known' ? roleAllows(session.me.role, role) : session.kind === 'unknown';
}

/** One line for the top bar: who, and as what (null when nobody in particular: `none` mode). */
export function sessionLabel(session: Session): string | null {
  if (session.kind !== 'known' || session.me.via === 'none' || !session.me.user) {
    return null;
  }
  return `${session.me.user.name} · ${session.me.role}`;
}

@Injectable({ providedIn: 'root' })
export class IdentityStore {
  private readonly client = inject(SIMSCOPE_CLIENT);
  private readonly sessionSignal = signal<Session>({ kind: 'unknown' });
  readonly session = this.sessionSignal.asReadonly();
  private readonly configSignal = signal<AuthConfig | null>(null);
  /** How the server identifies people (where a browser signs in and out, in oidc mode). */
  readonly config = this.configSignal.asReadonly();

  /** Asks the server once; the app calls it at start (a new key reloads the page). */
  async load(): Promise<void> {
    void this.client.authConfig().then(
      (c) => this.configSignal.set(c),
      () => undefined,
    );
    try {
      this.sessionSignal.set({ kind: 'known', me: await this.client.me() });
    } catch (err) {
      if (err instanceof SimscopeApiError && err.status === 401) {
        this.sessionSignal.set({ kind: 'signed-out', message: err.message });
      }
    }
  }

  /** A signal of whether this session may use controls that need `role`. */
  can(role: Role): Signal<boolean> {
    return computed(() => sessionAllows(this.sessionSignal(), role));
  }
}
