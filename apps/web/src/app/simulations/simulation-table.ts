import { CdkVirtualScrollViewport, ScrollingModule } from '@angular/cdk/scrolling';
import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  inject,
  input,
  output,
  viewChild,
} from '@angular/core';
import { Clock } from '../shared/clock';
import type { StatsSample } from '@simscope/contracts';
import { SimProgress } from '../shared/ui/sim-progress';
import { PHASE_GLYPH, PhaseBadge } from '../shared/ui/phase-badge';
import { UsageMeters } from '../shared/ui/usage-meters';
import { clusterPhases, uptime, type Row } from './view-model';

export const ROW_HEIGHT = 34;

/**
 * The container list: an ARIA table whose rows are virtualised (only what is on screen is in the
 * DOM), so 1,000 containers render and churn without jank. Arrow keys move between rows, Enter opens one.
 */
@Component({
  selector: 'sim-simulation-table',
  imports: [ScrollingModule, PhaseBadge, UsageMeters, SimProgress],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // The virtual list's row height, one number for the scroller (itemSize) and the CSS.
  host: { '[style.--row-height.px]': 'rowHeight' },
  templateUrl: './simulation-table.html',
  styleUrl: './simulation-table.css',
})
export class SimulationTable {
  readonly rows = input.required<Row[]>();
  readonly selected = input<string | null>(null);
  /** The latest sweep sample per container id. */
  readonly usage = input<Record<string, StatsSample>>({});
  /** Narrower columns (image and discovery hidden), for when the detail panel is open. */
  readonly compact = input(false);
  /** The data is Docker's last known state, not its current one. */
  readonly stale = input(false);
  /** Several engines: a host column. */
  readonly multiHost = input(false);
  readonly open = output<string>();
  protected readonly rowHeight = ROW_HEIGHT;
  protected readonly glyph = PHASE_GLYPH;
  protected readonly phasesOf = clusterPhases;
  private readonly clock = inject(Clock);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly viewport = viewChild.required(CdkVirtualScrollViewport);

  protected trackRow(_: number, row: Row): string {
    return row.key;
  }

  protected uptimeOf(c: Parameters<typeof uptime>[0]): string {
    return uptime(c, this.clock.now());
  }

  protected onKey(event: KeyboardEvent, index: number, row: Row): void {
    if ((event.key === 'Enter' || event.key === ' ') && row.kind === 'container') {
      event.preventDefault();
      this.open.emit(row.container.id);
      return;
    }
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (!step) {
      return;
    }
    event.preventDefault();
    const rows = this.rows();
    let next = index + step;
    while (rows[next]?.kind === 'cluster') {
      next += step;
    }
    if (next < 0 || next >= rows.length) {
      return;
    }
    this.viewport().scrollToIndex(Math.max(0, next - 3));
    requestAnimationFrame(() =>
      this.host.nativeElement.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus(),
    );
  }
}
