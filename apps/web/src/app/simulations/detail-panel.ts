import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import type { SimulationContainer, SimulationDetail } from '@simscope/contracts';
import { catchError, distinctUntilChanged, from, map, of, startWith, switchMap } from 'rxjs';
import { SIMSCOPE_CLIENT } from '../core/simscope-client';
import { PhaseBadge } from '../shared/ui/phase-badge';
import { Sparkline } from '../shared/ui/sparkline';
import { UsageMeters } from '../shared/ui/usage-meters';
import { LiveDataService } from '../core/live-data.service';
import { LogPane } from './log-pane';
import { Clock } from '../shared/clock';
import { formatBytes } from '../shared/format';
import { uptime } from './view-model';

type DetailView =
  | { kind: 'loading' }
  | { kind: 'ok'; detail: SimulationDetail }
  | { kind: 'error'; message: string };

/**
 * One container in full: labels, networks, ports, restart policy, memory limit, health probes and
 * lifecycle transitions. Re-fetched whenever the live row for it changes.
 */
@Component({
  selector: 'sim-detail-panel',
  imports: [PhaseBadge, UsageMeters, Sparkline, LogPane],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './detail-panel.html',
  styleUrl: './detail-panel.css',
})
export class DetailPanel {
  readonly container = input.required<SimulationContainer>();
  readonly close = output();
  private readonly client = inject(SIMSCOPE_CLIENT);
  protected readonly clock = inject(Clock);
  protected readonly bytes = formatBytes;

  private shownId: string | null = null;

  /** Loading shows only when another container is opened; updates of the same one swap in place. */
  protected readonly view = toSignal(
    toObservable(this.container).pipe(
      switchMap((c) => {
        const fresh = c.id !== this.shownId;
        this.shownId = c.id;
        const request = from(this.client.simulation(c.id)).pipe(
          map((detail): DetailView => ({ kind: 'ok', detail })),
          catchError((err: unknown) =>
            of<DetailView>({
              kind: 'error',
              message: err instanceof Error ? err.message : String(err),
            }),
          ),
        );
        return fresh ? request.pipe(startWith<DetailView>({ kind: 'loading' })) : request;
      }),
    ),
    { initialValue: { kind: 'loading' } },
  );
  protected readonly detail = computed(() => {
    const v = this.view();
    return v.kind === 'ok' ? v.detail : null;
  });
  protected readonly errorText = computed(() => {
    const v = this.view();
    return v.kind === 'error' ? `Could not load details: ${v.message}` : '';
  });
  protected readonly labels = computed(() =>
    Object.entries(this.container().labels).sort(([a], [b]) => a.localeCompare(b)),
  );
  private readonly live = inject(LiveDataService);
  protected readonly liveMode = toSignal(this.live.mode$, { initialValue: 'connecting' as const });
  /** Live samples while the panel is open on a running container (watch on open, unwatch on close). */
  protected readonly stats = toSignal(
    toObservable(
      computed(() => (this.container().state === 'running' ? this.container().id : null)),
    ).pipe(
      distinctUntilChanged(),
      switchMap((id) => (id ? this.live.watchStats(id).pipe(startWith([])) : of([]))),
    ),
    { initialValue: [] },
  );
  protected readonly cpuSeries = computed(() =>
    this.stats().flatMap((s) => (s.cpuPercent === null ? [] : [s.cpuPercent])),
  );
  protected readonly memSeries = computed(() => this.stats().map((s) => s.memoryBytes));
  protected readonly uptimeText = computed(() => uptime(this.container(), this.clock.now()));
}
