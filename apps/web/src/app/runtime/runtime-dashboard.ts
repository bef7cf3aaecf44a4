import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { Clock } from '../shared/clock';
import { formatBytes } from '../shared/format';
import { SimulationsStore } from '../simulations/simulations.store';
import { backingOff } from './backing-off';
import { RuntimeStore } from './runtime.store';

/** How the simscope server itself is doing: guard mode, event loop, memory, sockets, Docker. */
@Component({
  selector: 'sim-runtime-dashboard',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './runtime-dashboard.html',
  styleUrl: './runtime-dashboard.css',
})
export class RuntimeDashboard {
  private readonly store = inject(RuntimeStore);
  protected readonly clock = inject(Clock);
  protected readonly bytes = formatBytes;

  protected readonly health = this.store.health;
  protected readonly guardEvents = this.store.guardEvents;
  /** Why the guard is backing off and what it does, when it is not normal. */
  protected readonly backingOff = computed(() => {
    const h = this.health();
    return h ? backingOff(h) : null;
  });
  protected readonly dockerStatus = inject(SimulationsStore).status;

  protected pct(share: number): string {
    return `${(share * 100).toFixed(0)} %`;
  }

  /** A host input's levels as the page says them: "degraded at 77 %, critical at 92 %", or "off". */
  protected limits(degraded: number, critical: number): string {
    return critical > 0
      ? `degraded at ${this.pct(degraded)}, critical at ${this.pct(critical)}`
      : 'off (0)';
  }

  protected seconds(ms: number): string {
    return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
  }
}
