import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { ClusterSummary, UsageTotals } from '@simscope/contracts';
import { PHASE_GLYPH } from '../shared/ui/phase-badge';
import { formatBytes } from '../shared/format';
import { clusterPhases, type ClusterProgress } from './view-model';

/** One card per cluster: phase counts and shared-network membership; a click filters to it. */
@Component({
  selector: 'sim-cluster-cards',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './cluster-cards.html',
  styleUrl: './cluster-cards.css',
})
export class ClusterCards {
  readonly clusters = input.required<ClusterSummary[]>();
  readonly active = input<string | null>(null);
  readonly sharedNetwork = input('sim-net');
  /** Summed usage per cluster, from the sweep. */
  readonly usage = input<Record<string, UsageTotals>>({});
  /** Progress of the clusters whose simulations print events. */
  readonly progress = input<Record<string, ClusterProgress>>({});
  protected readonly bytes = formatBytes;
  protected readonly percent = (p: number): number => Math.round(p * 100);
  readonly select = output<string | null>();
  protected readonly glyph = PHASE_GLYPH;
  protected phasesOf = clusterPhases;
  /** Names of the stacks simscope knows (compose projects and clusters), to link a card to its graph. */
  readonly stacks = input<ReadonlySet<string>>(new Set());

  /** The stacks a card's containers belong to: the cluster itself, or its compose projects. */
  protected stacksOf(c: ClusterSummary): string[] {
    const known = this.stacks();
    return [...new Set([c.name, ...c.composeProjects])].filter((n) => known.has(n));
  }
}
