import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { IdentityStore, sessionLabel } from './core/identity';
import { storeToken, storedToken } from './core/token';
import { ConnectionIndicator } from './shared/connection-indicator';

@Component({
  selector: 'sim-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, ConnectionIndicator],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './app.html',
  styleUrl: './app.css',
})
export class App {
  private readonly identity = inject(IdentityStore);
  protected readonly session = this.identity.session;
  /** "alice · operator" when the server knows who this is. */
  protected readonly who = computed(() => sessionLabel(this.session()));
  /** Signed in by the team's proxy: nothing to enter here. */
  protected readonly viaProxy = computed(() => {
    const s = this.session();
    return s.kind === 'known' && s.me.via === 'proxy';
  });
  /** Where a browser signs in and out when simscope does it itself (oidc mode); null otherwise. */
  protected readonly signIn = computed(() => this.identity.config()?.signIn ?? null);
  protected readonly signOut = computed(() => this.identity.config()?.signOut ?? null);
  /** The server identifies people by key (token mode, or a key beside the proxy or sign-in). */
  protected readonly byKey = computed(() => {
    const s = this.session();
    return (
      (s.kind === 'signed-out' && !this.signIn()) || (s.kind === 'known' && s.me.via === 'key')
    );
  });
  /** Signed in through OpenID Connect: the menu offers "Sign out", not a key. */
  protected readonly viaSignIn = computed(() => {
    const s = this.session();
    return s.kind === 'known' && s.me.via === 'oidc';
  });
  /** The sign-in link, returning to this page. */
  protected signInHref(base: string): string {
    return `${base}?rd=${encodeURIComponent(location.pathname + location.search)}`;
  }
  protected readonly editing = signal(false);
  protected readonly token = storedToken() ?? '';
  protected readonly hasToken = Boolean(this.token);

  constructor() {
    void this.identity.load();
  }

  protected save(token: string): void {
    storeToken(token.trim());
    location.reload();
  }
}
