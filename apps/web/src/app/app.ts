import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { storeToken, storedToken } from './core/token';
import { ConnectionIndicator } from './shared/connection-indicator';

@Component({
  selector: 'sim-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, ConnectionIndicator],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="topbar">
      <a class="brand" routerLink="/dashboard/docker" aria-label="simscope home">
        <img src="favicon.svg" alt="" width="20" height="20" />
        <span>simscope</span>
      </a>
      <nav aria-label="Pages">
        <a routerLink="/dashboard/docker" routerLinkActive="active" ariaCurrentWhenActive="page"
          >Simulations</a
        >
        <a routerLink="/dashboard/meta" routerLinkActive="active" ariaCurrentWhenActive="page"
          >Notes &amp; queue</a
        >
        <a routerLink="/dashboard/runtime" routerLinkActive="active" ariaCurrentWhenActive="page"
          >Runtime</a
        >
      </nav>
      <sim-connection-indicator class="conn" />
      <button
        type="button"
        class="token"
        (click)="editing.set(!editing())"
        [attr.aria-expanded]="editing()"
        title="Write token"
      >
        {{ hasToken ? 'token set' : 'set token' }}
      </button>
      @if (editing()) {
        <form class="token-form" (submit)="$event.preventDefault(); save(tokenInput.value)">
          <label
            >Write token (kept in this browser)
            <input #tokenInput type="password" autocomplete="off" [value]="token" />
          </label>
          <button type="submit" class="primary">Save and reload</button>
        </form>
      }
    </header>
    <main>
      <router-outlet />
    </main>
  `,
  styles: `
    :host {
      display: block;
      min-height: 100vh;
    }
    .topbar {
      position: relative;
      display: flex;
      align-items: center;
      gap: 1.6rem;
      padding: 0.45rem 1.25rem;
      border-bottom: 1px solid var(--line);
      background: var(--panel);
    }
    .brand {
      display: flex;
      align-items: center;
      gap: 0.45rem;
      font-weight: 700;
      font-size: 1.05rem;
      color: inherit;
      text-decoration: none;
    }
    nav {
      display: flex;
      gap: 1.1rem;
    }
    nav a {
      color: var(--muted);
      text-decoration: none;
      padding: 0.3rem 0;
      border-bottom: 2px solid transparent;
    }
    nav a:hover,
    nav a.active {
      color: var(--text);
    }
    nav a.active {
      border-bottom-color: var(--accent);
    }
    .conn {
      margin-left: auto;
    }
    .token {
      font-size: 0.8rem;
    }
    .token-form {
      position: absolute;
      right: 1rem;
      top: 100%;
      z-index: 5;
      display: flex;
      gap: 0.5rem;
      align-items: flex-end;
      padding: 0.7rem;
      background: var(--panel);
      border: 1px solid var(--line);
      border-radius: 6px;
      box-shadow: 0 6px 18px rgb(0 0 0 / 0.15);
    }
    .token-form label {
      display: flex;
      flex-direction: column;
      gap: 0.2rem;
    }
    main {
      padding: 1rem 1.25rem;
      max-width: 1680px;
      margin: 0 auto;
    }
  `,
})
export class App {
  protected readonly editing = signal(false);
  protected readonly token = storedToken() ?? '';
  protected readonly hasToken = Boolean(this.token);

  protected save(token: string): void {
    storeToken(token.trim());
    location.reload();
  }
}
