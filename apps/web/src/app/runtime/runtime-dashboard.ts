import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import type { RuntimeHealthPayload } from '@simscope/contracts';
import { EMPTY, catchError, from, merge, switchMap, timer } from 'rxjs';
import { LiveDataService } from '../core/live-data.service';
import { SIMSCOPE_CLIENT } from '../core/simscope-client';
import { Clock } from '../shared/clock';
import { formatBytes } from '../shared/format';

const POLL_MS = 5000;

/** How the simscope server itself is doing: guard mode, event loop, memory, sockets, Docker. */
@Component({
  selector: 'sim-runtime-dashboard',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './runtime-dashboard.html',
  styleUrl: './runtime-dashboard.css',
})
export class RuntimeDashboard {
  private readonly live = inject(LiveDataService);
  private readonly client = inject(SIMSCOPE_CLIENT);
  protected readonly clock = inject(Clock);
  protected readonly bytes = formatBytes;

  /** Pushed samples when live, and a REST poll so the page works without the socket too. */
  protected readonly health = toSignal<RuntimeHealthPayload | null>(
    merge(
      this.live.health$,
      timer(0, POLL_MS).pipe(
        switchMap(() => from(this.client.runtimeHealth()).pipe(catchError(() => EMPTY))),
      ),
    ),
    { initialValue: null },
  );
  protected readonly guardEvents = toSignal(this.live.guardEvents$, { requireSync: true });
  private readonly state = toSignal(this.live.state$, { requireSync: true });
  protected readonly dockerStatus = computed(() => this.state().status);

  protected pct(share: number): string {
    return `${(share * 100).toFixed(0)} %`;
  }

  protected seconds(ms: number): string {
    return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
  }
}
