import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { ClusterSummary, UsageTotals } from '@simscope/contracts';
import { PHASE_GLYPH } from '../shared/ui/phase-badge';
import { formatBytes } from '../shared/format';
import { clusterPhases } from './view-model';

/** One card per cluster: phase counts and shared-network membership; a click filters to it. */
@Component({
  selector: 'sim-cluster-cards',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ul class="cards" aria-label="Clusters">
      @for (c of clusters(); track c.name) {
        <li>
          <button
            type="button"
            class="card"
            [class.active]="active() === c.name"
            [attr.aria-pressed]="active() === c.name"
            (click)="select.emit(active() === c.name ? null : c.name)"
            [attr.data-cluster]="c.name"
          >
            <span class="name">{{ c.name }}</span>
            <span class="counts">
              @for (p of phasesOf(c); track p.phase) {
                <span class="phase phase-{{ p.phase }}" [attr.title]="p.phase"
                  ><span aria-hidden="true">{{ glyph[p.phase] }}</span> {{ p.count
                  }}<span class="sr-only"> {{ p.phase }}</span></span
                >
              }
            </span>
            @if (usage()[c.name]; as u) {
              <span class="meta"
                >CPU {{ u.cpuPercent.toFixed(0) }} % · {{ bytes(u.memoryBytes)
                }}{{ u.memoryLimitBytes ? ' of ' + bytes(u.memoryLimitBytes) : '' }}</span
              >
            }
            <span class="meta muted">
              {{ c.total }} container{{ c.total === 1 ? '' : 's' }}
              @if (c.onSharedNetwork) {
                · <span class="shared">on {{ sharedNetwork() }}</span>
              } @else {
                · not on {{ sharedNetwork() }}
              }
            </span>
          </button>
        </li>
      }
    </ul>
  `,
  styles: `
    .cards {
      list-style: none;
      margin: 0 0 0.75rem;
      padding: 0;
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(210px, 1fr));
      gap: 0.5rem;
      max-height: 190px;
      overflow-y: auto;
    }
    .card {
      width: 100%;
      text-align: left;
      display: flex;
      flex-direction: column;
      gap: 0.2rem;
      padding: 0.45rem 0.65rem;
      background: var(--panel);
      border-radius: 6px;
    }
    .card.active {
      border-color: var(--accent);
      box-shadow: inset 3px 0 0 var(--accent);
    }
    .name {
      font-weight: 650;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .counts {
      display: flex;
      gap: 0.6rem;
      font-weight: 600;
      font-variant-numeric: tabular-nums;
    }
    .meta {
      font-size: 0.78rem;
    }
    .shared {
      color: var(--accent);
    }
  `,
})
export class ClusterCards {
  readonly clusters = input.required<ClusterSummary[]>();
  readonly active = input<string | null>(null);
  readonly sharedNetwork = input('sim-net');
  /** Summed usage per cluster, from the sweep. */
  readonly usage = input<Record<string, UsageTotals>>({});
  protected readonly bytes = formatBytes;
  readonly select = output<string | null>();
  protected readonly glyph = PHASE_GLYPH;
  protected phasesOf = clusterPhases;
}
