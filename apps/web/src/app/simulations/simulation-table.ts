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
  imports: [ScrollingModule, PhaseBadge, UsageMeters],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div
      role="table"
      aria-label="Simulation containers"
      [attr.aria-rowcount]="rows().length + 1"
      class="table"
      [class.compact]="compact()"
      [class.stale]="stale()"
      [class.multi]="multiHost()"
      [style.--rows-height.px]="rows().length * rowHeight"
    >
      <div role="rowgroup">
        <div role="row" class="row head">
          <span role="columnheader">Container</span>
          @if (multiHost()) {
            <span role="columnheader">Host</span>
          }
          <span role="columnheader">Experiment</span>
          <span role="columnheader">Role</span>
          <span role="columnheader" class="wide">Image</span>
          <span role="columnheader">Phase</span>
          <span role="columnheader">Health</span>
          <span role="columnheader" class="num">Restarts</span>
          <span role="columnheader">Usage</span>
          <span role="columnheader">Uptime</span>
          <span role="columnheader" class="wide">Found by</span>
        </div>
      </div>
      <cdk-virtual-scroll-viewport
        [itemSize]="rowHeight"
        class="viewport"
        role="rowgroup"
        data-testid="rows"
      >
        <div
          *cdkVirtualFor="let row of rows(); trackBy: trackRow; let i = index"
          role="row"
          [attr.aria-rowindex]="i + 2"
          [attr.data-index]="i"
          class="row"
          [class.cluster]="row.kind === 'cluster'"
          [class.selected]="row.kind === 'container' && row.container.id === selected()"
          [attr.tabindex]="row.kind === 'container' ? 0 : -1"
          [attr.data-id]="row.kind === 'container' ? row.container.id : null"
          [attr.data-name]="row.kind === 'container' ? row.container.name : null"
          (click)="row.kind === 'container' && open.emit(row.container.id)"
          (keydown)="onKey($event, i, row)"
        >
          @if (row.kind === 'cluster') {
            <span role="rowheader" class="cluster-head">
              <strong>{{ row.cluster.name }}</strong>
              <span class="muted">{{ row.shown }} of {{ row.cluster.total }}</span>
              @for (p of phasesOf(row.cluster); track p.phase) {
                <span class="phase phase-{{ p.phase }}"
                  ><span aria-hidden="true">{{ glyph[p.phase] }}</span> {{ p.count }}
                  {{ p.phase }}</span
                >
              }
              @if (row.cluster.networks.length) {
                <span class="muted nets">networks: {{ row.cluster.networks.join(', ') }}</span>
              }
            </span>
          } @else {
            @let c = row.container;
            <span role="cell" class="name" [attr.title]="c.name">
              <strong>{{ c.displayName }}</strong>
              @if (c.displayName !== c.name) {
                <span class="muted mono">{{ c.name }}</span>
              }
              @if (c.route.path) {
                <a
                  class="open"
                  [href]="c.route.path"
                  target="_blank"
                  rel="noopener"
                  (click)="$event.stopPropagation()"
                  [attr.aria-label]="'open ' + c.displayName + '’s web UI'"
                  >open ↗</a
                >
              }
            </span>
            @if (multiHost()) {
              <span role="cell" class="ellipsis mono">{{ c.host }}</span>
            }
            <span role="cell" class="ellipsis">{{ c.experiment ?? '—' }}</span>
            <span role="cell" class="ellipsis">{{ c.role ?? '—' }}</span>
            <span role="cell" class="ellipsis mono muted wide" [attr.title]="c.image">{{
              c.image
            }}</span>
            <span role="cell" class="phase-cell">
              <sim-phase-badge [phase]="c.phase" [reasons]="c.reasons" />
              @if (c.reasons.length && c.reasons[0] !== c.phase) {
                <span class="reason muted" [attr.title]="c.reasons.join('\\n')">{{
                  c.reasons[0]
                }}</span>
              }
            </span>
            <span role="cell" [class]="'health h-' + c.health">{{
              c.health === 'none' ? '—' : c.health
            }}</span>
            <span role="cell" class="num" [class.hot]="c.restartCount >= 3">{{
              c.restartCount
            }}</span>
            <span role="cell"><sim-usage-meters [sample]="usage()[c.id]" /></span>
            <span role="cell" class="muted tabular">{{ uptimeOf(c) }}</span>
            <span role="cell" class="muted wide">{{ c.discoveredBy }}</span>
          }
        </div>
      </cdk-virtual-scroll-viewport>
    </div>
  `,
  styles: `
    :host {
      display: block;
    }
    .table {
      background: var(--panel);
      border: 1px solid var(--line);
      border-radius: 6px;
      overflow: hidden;
    }
    .row {
      display: grid;
      grid-template-columns:
        minmax(160px, 2fr) 0.9fr 0.7fr 1fr minmax(200px, 2fr) 0.7fr minmax(64px, 0.5fr)
        minmax(250px, 1.6fr) minmax(84px, 0.8fr) 0.6fr;
      gap: 0 0.6rem;
      align-items: center;
      height: ${ROW_HEIGHT}px;
      padding: 0 0.75rem;
      border-bottom: 1px solid var(--line);
      font-size: 0.87rem;
      white-space: nowrap;
    }
    .row > span {
      overflow: hidden;
      text-overflow: ellipsis;
      min-width: 0;
    }
    .head {
      font-weight: 600;
      color: var(--muted);
      font-size: 0.78rem;
      text-transform: uppercase;
      letter-spacing: 0.03em;
      background: var(--panel-2);
    }
    /* As tall as its rows, up to most of the screen; the page does not jump as rows come and go below that. */
    .viewport {
      height: min(var(--rows-height, 0px) + 2px, max(60vh, 320px));
      min-height: 72px;
    }
    .multi .row {
      grid-template-columns:
        minmax(160px, 2fr) minmax(64px, 0.6fr) 0.9fr 0.7fr 1fr minmax(200px, 2fr) 0.7fr
        minmax(64px, 0.5fr) minmax(250px, 1.6fr) minmax(84px, 0.8fr) 0.6fr;
    }
    .multi.compact .row {
      grid-template-columns:
        minmax(140px, 2fr) minmax(64px, 0.6fr) 0.9fr 0.7fr minmax(180px, 2fr) 0.7fr
        minmax(64px, 0.5fr) minmax(250px, 1.6fr) minmax(84px, 0.8fr);
    }
    .compact .row {
      grid-template-columns:
        minmax(140px, 2fr) 0.9fr 0.7fr minmax(180px, 2fr) 0.7fr minmax(64px, 0.5fr)
        minmax(250px, 1.6fr) minmax(84px, 0.8fr);
    }
    .compact .wide {
      display: none;
    }
    .stale .viewport {
      opacity: 0.65;
    }
    .row:not(.head):not(.cluster) {
      cursor: pointer;
    }
    .row:not(.head):not(.cluster):hover {
      background: var(--panel-2);
    }
    .row.selected {
      background: color-mix(in srgb, var(--accent) 12%, transparent);
    }
    .row.cluster {
      display: flex;
      background: var(--panel-2);
    }
    .cluster-head {
      display: flex;
      gap: 0.8rem;
      align-items: baseline;
      overflow: hidden;
    }
    .cluster-head .phase {
      font-size: 0.8rem;
      font-weight: 600;
    }
    .nets {
      font-size: 0.8rem;
    }
    .name {
      display: flex;
      gap: 0.45rem;
      align-items: baseline;
    }
    .open {
      font-size: 0.78rem;
      flex-shrink: 0;
    }
    .name .mono {
      font-size: 0.78rem;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .phase-cell {
      display: flex;
      gap: 0.45rem;
      align-items: center;
    }
    .reason {
      font-size: 0.8rem;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .num {
      text-align: right;
      font-variant-numeric: tabular-nums;
    }
    .hot {
      color: var(--bad);
      font-weight: 650;
    }
    .tabular {
      font-variant-numeric: tabular-nums;
    }
    .h-unhealthy {
      color: var(--bad);
      font-weight: 600;
    }
    .h-healthy {
      color: var(--ok);
    }
    .h-starting {
      color: var(--info);
    }
  `,
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
