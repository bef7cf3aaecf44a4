import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';
import type { DiscoveryRules } from '@simscope/contracts';

/** What to do when nothing is discovered, with the server's actual rules. */
@Component({
  selector: 'sim-empty-state',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="panel empty" data-testid="empty-state">
      <h2>No simulation containers found</h2>
      @if (rules(); as r) {
        <p>simscope shows a container when any of these holds:</p>
        <ul>
          <li>
            it carries the label <code>{{ r.labelPrefix }}.enable=true</code> (group it with
            <code>{{ r.labelPrefix }}.experiment</code>, <code>{{ r.labelPrefix }}.role</code> and
            <code>{{ r.labelPrefix }}.cluster</code>);
          </li>
          <li>
            its name matches <code>{{ r.namePattern }}</code>.
          </li>
        </ul>
        <p>
          <code>{{ r.labelPrefix }}.enable=false</code> hides a container that would otherwise
          match. Put simulations on the shared network <code>{{ r.network }}</code> so they can
          reach each other across compose stacks.
          @if (!r.includeStopped) {
            Stopped containers are hidden on this server.
          }
        </p>
        <div class="example">
          <pre data-testid="example-command">{{ example() }}</pre>
          <button type="button" (click)="copy()">{{ copied() ? 'Copied' : 'Copy' }}</button>
        </div>
      } @else {
        <p class="muted">Waiting for the server's discovery rules…</p>
      }
    </section>
  `,
  styles: `
    .empty {
      max-width: 860px;
      margin: 1rem 0;
    }
    ul {
      margin: 0.3rem 0 0.6rem;
      padding-left: 1.2rem;
    }
    .example {
      display: flex;
      gap: 0.6rem;
      align-items: flex-start;
    }
    pre {
      flex: 1;
      margin: 0;
      padding: 0.6rem 0.8rem;
      background: var(--panel-2);
      border: 1px solid var(--line);
      border-radius: 5px;
      overflow-x: auto;
    }
  `,
})
export class EmptyState {
  readonly rules = input<DiscoveryRules | null>(null);
  protected readonly copied = signal(false);
  protected readonly example = computed(() => {
    const r = this.rules();
    if (!r) {
      return '';
    }
    const p = r.labelPrefix;
    return [
      `docker network create ${r.network}  # once`,
      `docker run -d --name my-sim --network ${r.network} \\`,
      `  --label ${p}.enable=true --label ${p}.experiment=demo --label ${p}.role=worker \\`,
      `  my-image:latest`,
    ].join('\n');
  });

  protected async copy(): Promise<void> {
    await navigator.clipboard?.writeText(this.example());
    this.copied.set(true);
    setTimeout(() => this.copied.set(false), 2000);
  }
}
