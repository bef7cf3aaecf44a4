import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { StackDetail, StackServiceState } from '@simscope/contracts';
import { layoutStack, type LaidEdge } from './stack-layout';

/** A glyph per service state, so colour is never the only signal. */
export const STATE_GLYPH: Record<StackServiceState, string> = {
  running: '●',
  partial: '◑',
  starting: '◐',
  failing: '✖',
  down: '■',
  missing: '○',
};

/** One stack's dependency graph as SVG: nodes coloured by state, blocking edges marked, reasons on hover. */
@Component({
  selector: 'sim-stack-graph',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './stack-graph.html',
  styleUrl: './stack-graph.css',
})
export class StackGraph {
  readonly stack = input.required<StackDetail>();
  protected readonly layout = computed(() => layoutStack(this.stack()));
  protected readonly glyph = STATE_GLYPH;

  /** The edge's hover text: what it is, and what it does now. */
  protected edgeTitle(e: LaidEdge): string {
    const how = e.kind === 'hard' ? 'needs' : 'can run without';
    const condition = e.condition ? ` (${e.condition})` : '';
    const now = e.active ? (e.kind === 'hard' ? ' — blocks it now' : ' — degrades it now') : '';
    return `${e.from} ${how} ${e.to}${condition}${now}`;
  }

  protected marker(e: LaidEdge): string {
    return `url(#stack-arrow-${e.active ? e.kind : 'idle'})`;
  }
}
