import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import type { SimulationContainer, SimulationDetail } from '@simscope/contracts';
import { catchError, distinctUntilChanged, from, map, of, startWith, switchMap } from 'rxjs';
import { IdentityStore } from '../core/identity';
import { SIMSCOPE_CLIENT } from '../core/simscope-client';
import { PhaseBadge } from '../shared/ui/phase-badge';
import { Sparkline } from '../shared/ui/sparkline';
import { UsageMeters } from '../shared/ui/usage-meters';
import { ContainerStreams } from './container-streams';
import { LiveConnection } from '../core/live-connection';
import { LogPane } from './log-pane';
import { EventPane } from './event-pane';
import { ContainerActions } from './container-actions';
import { SimulationsStore } from './simulations.store';
import { Clock } from '../shared/clock';
import { formatBytes } from '../shared/format';
import { detailKey, uptime } from './view-model';

type DetailView =
  | { kind: 'loading' }
  | { kind: 'ok'; detail: SimulationDetail }
  | { kind: 'error'; message: string };

/**
 * One container in full: labels, networks, ports, restart policy, memory limit, health probes and
 * lifecycle transitions. The row's facts are the pushed row itself; only what the stream does not
 * carry (restart policy, memory limit, health probes, transitions) is fetched: when another container
 * opens, and again when a pushed change can have changed those (state, health, restarts, phase).
 */
@Component({
  selector: 'sim-detail-panel',
  imports: [PhaseBadge, UsageMeters, Sparkline, LogPane, EventPane, ContainerActions, RouterLink],
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
  /** Logs may hold secrets: the operator role reads them. */
  protected readonly canReadLogs = inject(IdentityStore).can('operator');
  private readonly admin = inject(IdentityStore).can('admin');
  private readonly status = inject(SimulationsStore).status;
  /** Start/stop/restart: only when this server has actions on, and only for admins. */
  protected readonly canAct = computed(() => this.status()?.actions === true && this.admin());

  private shownId: string | null = null;

  /** Loading shows only when another container is opened; updates of the same one swap in place. */
  protected readonly view = toSignal(
    toObservable(computed(() => detailKey(this.container()))).pipe(
      distinctUntilChanged(),
      switchMap(() => {
        const id = this.container().id;
        const fresh = id !== this.shownId;
        this.shownId = id;
        const request = from(this.client.simulation(id)).pipe(
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
  private readonly streams = inject(ContainerStreams);
  private readonly connection = inject(LiveConnection);
  protected readonly liveMode = computed(() => this.connection.state().mode);
  /** Live samples while the panel is open on a running container (watch on open, unwatch on close). */
  protected readonly stats = toSignal(
    toObservable(
      computed(() => (this.container().state === 'running' ? this.container().id : null)),
    ).pipe(
      distinctUntilChanged(),
      switchMap((id) => (id ? this.streams.watchStats(id).pipe(startWith([])) : of([]))),
    ),
    { initialValue: [] },
  );
  protected readonly cpuSeries = computed(() =>
    this.stats().flatMap((s) => (s.cpuPercent === null ? [] : [s.cpuPercent])),
  );
  protected readonly memSeries = computed(() => this.stats().map((s) => s.memoryBytes));
  protected readonly uptimeText = computed(() => uptime(this.container(), this.clock.now()));
}
