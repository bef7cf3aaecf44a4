import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import {
  PHASES,
  type DockerSimulationsPayload,
  type DockerUsagePayload,
  type Phase,
} from '@simscope/contracts';
import { formatBytes } from '../shared/format';
import { PHASE_GLYPH } from '../shared/ui/phase-badge';

/** Totals over the whole inventory; a phase count filters the table to that phase. */
@Component({
  selector: 'sim-summary-strip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './summary-strip.html',
  styleUrl: './summary-strip.css',
})
export class SummaryStrip {
  readonly inventory = input.required<DockerSimulationsPayload>();
  readonly activePhase = input<Phase | null>(null);
  readonly usage = input<DockerUsagePayload | null>(null);
  protected readonly bytes = formatBytes;
  readonly phase = output<Phase | null>();
  protected readonly glyph = PHASE_GLYPH;
  protected readonly phases = computed(() => {
    const by = this.inventory().counts.byPhase;
    return PHASES.filter((p) => by[p] > 0).map((phase) => ({ phase, count: by[phase] }));
  });
}
