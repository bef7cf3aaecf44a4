import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { Phase } from '@simscope/contracts';

/** A glyph per phase, so colour is never the only signal. */
export const PHASE_GLYPH: Record<Phase, string> = {
  running: '●',
  starting: '◐',
  degraded: '▲',
  stalled: '◌',
  orphaned: '⊘',
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
  styleUrl: './phase-badge.css',
})
export class PhaseBadge {
  readonly phase = input.required<Phase>();
  readonly reasons = input<string[]>([]);
  protected readonly glyph = computed(() => PHASE_GLYPH[this.phase()]);
  protected readonly title = computed(() => this.reasons().join('\n') || null);
}
