import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router } from '@angular/router';
import { PHASES, type Phase } from '@simscope/contracts';
import { map } from 'rxjs';
import { LiveDataService } from '../core/live-data.service';
import { ClusterCards } from './cluster-cards';
import { DetailPanel } from './detail-panel';
import { EmptyState } from './empty-state';
import { HostStrip } from './host-strip';
import { SimulationTable } from './simulation-table';
import { SourceBanner } from './source-banner';
import { SummaryStrip } from './summary-strip';
import { buildRows, parsePhase, type Filters } from './view-model';

/** The default page: every simulation, grouped by cluster, live. Filters live in the URL. */
@Component({
  selector: 'sim-docker-dashboard',
  imports: [
    SourceBanner,
    HostStrip,
    SummaryStrip,
    ClusterCards,
    SimulationTable,
    DetailPanel,
    EmptyState,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let s = state();
    <div class="title">
      <h1>Simulations</h1>
      @if (s.status?.engine; as e) {
        <span class="muted engine"
          >{{ e.name }} · Docker {{ e.serverVersion }} · <code>{{ s.status?.endpoint }}</code></span
        >
      }
    </div>
    <sim-source-banner [source]="source()" />
    @if (hosts().length > 1) {
      <sim-host-strip
        [hosts]="hosts()"
        [active]="filters().host"
        (select)="setFilter({ host: $event })"
      />
    }
    @if (s.inventory; as inv) {
      @if (inv.counts.total === 0) {
        <sim-empty-state [rules]="s.status?.discovery ?? null" />
      } @else {
        <sim-summary-strip
          [usage]="usage()"
          [inventory]="inv"
          [activePhase]="filters().phase"
          (phase)="setFilter({ phase: $event })"
        />
        <sim-cluster-cards
          [usage]="usage()?.clusters ?? {}"
          [clusters]="inv.clusters"
          [active]="filters().cluster"
          [sharedNetwork]="inv.sharedNetwork.name"
          (select)="setFilter({ cluster: $event })"
        />
        <form class="filters" role="search" (submit)="$event.preventDefault()">
          <label
            >Search
            <input
              type="search"
              name="q"
              [value]="filters().q"
              placeholder="name, image, role, reason…"
              (input)="setFilter({ q: $any($event.target).value })"
              data-testid="filter-q"
            />
          </label>
          <label
            >Cluster
            <select
              name="cluster"
              (change)="setFilter({ cluster: $any($event.target).value || null })"
              data-testid="filter-cluster"
            >
              <option value="" [selected]="!filters().cluster">all</option>
              @for (c of inv.clusters; track c.name) {
                <option [value]="c.name" [selected]="filters().cluster === c.name">
                  {{ c.name }}
                </option>
              }
            </select>
          </label>
          <label
            >Phase
            <select
              name="phase"
              (change)="setFilter({ phase: parsePhase($any($event.target).value) })"
              data-testid="filter-phase"
            >
              <option value="" [selected]="!filters().phase">all</option>
              @for (p of phases; track p) {
                <option [value]="p" [selected]="filters().phase === p">{{ p }}</option>
              }
            </select>
          </label>
          @if (inv.hosts.length > 1) {
            <label
              >Host
              <select
                name="host"
                (change)="setFilter({ host: $any($event.target).value || null })"
                data-testid="filter-host"
              >
                <option value="" [selected]="!filters().host">all</option>
                @for (h of inv.hosts; track h.name) {
                  <option [value]="h.name" [selected]="filters().host === h.name">
                    {{ h.name }}
                  </option>
                }
              </select>
            </label>
          }
          <span class="muted shown" aria-live="polite"
            >{{ shownCount() }} of {{ inv.counts.total }} shown</span
          >
          @if (filtered()) {
            <button type="button" (click)="clearFilters()">Clear filters</button>
          }
        </form>
        <div class="layout" [class.with-detail]="selected()">
          <div class="list">
            @if (rows().length) {
              <sim-simulation-table
                [multiHost]="inv.hosts.length > 1"
                [usage]="usage()?.containers ?? {}"
                [compact]="!!selected()"
                [stale]="source()?.status === 'stale'"
                [rows]="rows()"
                [selected]="selectedId()"
                (open)="select($event)"
              />
            } @else {
              <p class="panel muted" data-testid="no-match">No simulation matches these filters.</p>
            }
          </div>
          @if (selected(); as c) {
            <sim-detail-panel [container]="c" (close)="select(null)" />
          }
        </div>
      }
    } @else {
      <p class="muted" data-testid="loading">Loading simulations…</p>
    }
  `,
  styles: `
    .title {
      display: flex;
      align-items: baseline;
      gap: 1rem;
      margin-bottom: 0.75rem;
      flex-wrap: wrap;
    }
    .engine {
      font-size: 0.85rem;
    }
    .filters {
      display: flex;
      gap: 1rem;
      align-items: flex-end;
      flex-wrap: wrap;
      margin-bottom: 0.6rem;
    }
    .filters label {
      display: flex;
      flex-direction: column;
      gap: 0.15rem;
    }
    .filters input {
      width: 260px;
    }
    .shown {
      font-size: 0.85rem;
      padding-bottom: 0.3rem;
    }
    .layout {
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 0.75rem;
      align-items: start;
    }
    .layout.with-detail {
      grid-template-columns: minmax(0, 1fr) 400px;
    }
    @media (max-width: 1100px) {
      .layout.with-detail {
        grid-template-columns: minmax(0, 1fr);
      }
    }
  `,
})
export class DockerDashboard {
  private readonly live = inject(LiveDataService);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  protected readonly phases = PHASES;
  protected readonly parsePhase = parsePhase;

  protected readonly state = toSignal(this.live.state$, { requireSync: true });
  protected readonly usage = toSignal(this.live.usage$, { initialValue: null });
  private readonly params = toSignal(this.route.queryParamMap.pipe(map((p) => p)), {
    requireSync: true,
  });
  protected readonly filters = computed<Filters>(() => {
    const p = this.params();
    return {
      cluster: p.get('cluster'),
      phase: parsePhase(p.get('phase')),
      q: p.get('q') ?? '',
      host: p.get('host'),
    };
  });
  protected readonly filtered = computed(() => {
    const f = this.filters();
    return Boolean(f.cluster || f.phase || f.q || f.host);
  });
  protected readonly selectedId = computed(() => this.params().get('c'));
  protected readonly source = computed(() => {
    const s = this.state();
    return s.status?.source ?? s.inventory?.source ?? null;
  });
  /** Engines as the newest word says: pushed status when live, else the inventory's. */
  protected readonly hosts = computed(() => {
    const s = this.state();
    return s.status?.hosts ?? s.inventory?.hosts ?? [];
  });
  protected readonly rows = computed(() => buildRows(this.state().inventory, this.filters()));
  protected readonly shownCount = computed(
    () => this.rows().filter((r) => r.kind === 'container').length,
  );
  protected readonly selected = computed(() => {
    const id = this.selectedId();
    return id ? (this.state().inventory?.containers.find((c) => c.id === id) ?? null) : null;
  });

  protected setFilter(change: Partial<Filters>): void {
    const params: Record<string, string | null> = {};
    if ('cluster' in change) {
      params['cluster'] = change.cluster || null;
    }
    if ('phase' in change) {
      params['phase'] = (change.phase as Phase | null) || null;
    }
    if ('q' in change) {
      params['q'] = change.q || null;
    }
    if ('host' in change) {
      params['host'] = change.host || null;
    }
    void this.router.navigate([], {
      queryParams: params,
      queryParamsHandling: 'merge',
      replaceUrl: true,
    });
  }

  protected clearFilters(): void {
    this.setFilter({ cluster: null, phase: null, q: '', host: null });
  }

  protected select(id: string | null): void {
    void this.router.navigate([], { queryParams: { c: id }, queryParamsHandling: 'merge' });
  }
}
