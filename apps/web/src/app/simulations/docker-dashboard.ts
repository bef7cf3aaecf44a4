import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router } from '@angular/router';
import { PHASES, type Phase } from '@simscope/contracts';
import { map } from 'rxjs';
import { StacksStore } from '../stacks/stacks.store';
import { SimulationsStore } from './simulations.store';
import { ClusterCards } from './cluster-cards';
import { DetailPanel } from './detail-panel';
import { EmptyState } from './empty-state';
import { HostStrip } from './host-strip';
import { SimulationTable } from './simulation-table';
import { SourceBanner } from './source-banner';
import { SummaryStrip } from './summary-strip';
import { buildRows, clusterProgress, parsePhase, type Filters } from './view-model';

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
  templateUrl: './docker-dashboard.html',
  styleUrl: './docker-dashboard.css',
})
export class DockerDashboard {
  private readonly store = inject(SimulationsStore);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  protected readonly phases = PHASES;
  protected readonly parsePhase = parsePhase;

  protected readonly inventory = this.store.inventory;
  protected readonly status = this.store.status;
  protected readonly usage = this.store.usage;
  private readonly stacks = inject(StacksStore).stacks;
  /** Stacks known by name: a cluster card links to its dependency graph. */
  protected readonly stackNames = computed(() => new Set(this.stacks().map((s) => s.name)));
  /** Per cluster, what its simulations' events say of their progress. */
  protected readonly progress = computed(() => clusterProgress(this.inventory()?.containers ?? []));
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
  protected readonly source = this.store.source;
  /** Engines as the newest word says: pushed status when live, else the inventory's. */
  protected readonly hosts = this.store.hosts;
  protected readonly rows = computed(() => buildRows(this.inventory(), this.filters()));
  protected readonly shownCount = computed(
    () => this.rows().filter((r) => r.kind === 'container').length,
  );
  protected readonly selected = computed(() => {
    const id = this.selectedId();
    return id ? this.store.row(id) : null;
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
