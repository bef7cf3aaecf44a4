import { ChangeDetectionStrategy, Component, inject, input, output } from '@angular/core';
import type { HostSummary } from '@simscope/contracts';
import { Clock } from '../shared/clock';

/** One chip per engine: live / stale / unavailable with its diagnosis; a click filters to it. */
@Component({
  selector: 'sim-host-strip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './host-strip.html',
  styleUrl: './host-strip.css',
})
export class HostStrip {
  readonly hosts = input.required<HostSummary[]>();
  readonly active = input<string | null>(null);
  readonly select = output<string | null>();
  protected readonly clock = inject(Clock);
}
