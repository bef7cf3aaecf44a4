import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink, RouterOutlet } from '@angular/router';

@Component({
  selector: 'sim-root',
  imports: [RouterOutlet, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="topbar">
      <a class="brand" routerLink="/dashboard/docker" aria-label="simscope home">
        <img src="favicon.svg" alt="" width="22" height="22" />
        <span>simscope</span>
      </a>
      <nav>
        <a routerLink="/dashboard/docker">Simulations</a>
      </nav>
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
      display: flex;
      align-items: center;
      gap: 2rem;
      padding: 0.6rem 1.5rem;
      border-bottom: 1px solid var(--line);
      background: var(--panel);
    }
    .brand {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      font-weight: 650;
      font-size: 1.1rem;
      color: inherit;
      text-decoration: none;
      letter-spacing: 0.01em;
    }
    nav a {
      color: var(--muted);
      text-decoration: none;
    }
    nav a:hover {
      color: inherit;
    }
    main {
      padding: 1.25rem 1.5rem;
      max-width: 1400px;
      margin: 0 auto;
    }
  `,
})
export class App {}
