import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { Phase } from '@simscope/contracts';

/** A glyph per phase, so colour is never the only signal. */
export const PHASE_GLYPH: Record<Phase, string> = {
  running: '●',
  starting: '◐',
  degraded: '▲',
  crashloop: '↻',
  'oom-killed': '✖',
  failed: '✖',
  exited: '■',
  paused: '❚❚',
  created: '○',
};

@Component({
  selector: 'sim-phase-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="badge phase phase-{{ phase() }}" [attr.title]="title()"
    ><span aria-hidden="true">{{ glyph() }}</span> {{ phase() }}</span
  >`,
  styles: `
    .badge {
      display: inline-flex;
      align-items: center;
      gap: 0.3rem;
      padding: 0 0.45rem;
      border: 1px solid;
      border-radius: 4px;
      font-size: 0.8rem;
      font-weight: 600;
      white-space: nowrap;
      line-height: 1.45;
    }
  `,
})
export class PhaseBadge {
  readonly phase = input.required<Phase>();
  readonly reasons = input<string[]>([]);
  protected readonly glyph = computed(() => PHASE_GLYPH[this.phase()]);
  protected readonly title = computed(() => this.reasons().join('\n') || null);
}
