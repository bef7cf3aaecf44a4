import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
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
  protected readonly editing = signal(false);
  protected readonly token = storedToken() ?? '';
  protected readonly hasToken = Boolean(this.token);

  protected save(token: string): void {
    storeToken(token.trim());
    location.reload();
  }
}
