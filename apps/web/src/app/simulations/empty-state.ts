import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';
import type { DiscoveryRules } from '@simscope/contracts';

/** What to do when nothing is discovered, with the server's actual rules. */
@Component({
  selector: 'sim-empty-state',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './empty-state.html',
  styleUrl: './empty-state.css',
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
