import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { SimEventSummary } from '@simscope/contracts';

/** What a simulation's events say of its progress: a bar when known, the tick and its rate. */
@Component({
  selector: 'sim-progress',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `@let s = summary();
    <span class="progress" [attr.title]="title()" data-testid="sim-progress">
      @if (s.progress !== null) {
        <span
          class="bar"
          role="progressbar"
          aria-valuemin="0"
          aria-valuemax="100"
          [attr.aria-valuenow]="percent()"
          ><span class="fill" [style.width.%]="percent()"></span></span
        ><span class="pct tabular">{{ percent() }} %</span>
      }
      @if (s.tick !== null) {
        <span class="tick tabular">tick {{ s.tick }}</span>
      }
      @if (s.ticksPerMinute !== null) {
        <span class="rate tabular muted">{{ rate() }}/min</span>
      }
      @if (s.errors > 0) {
        <span class="errors">{{ s.errors }} err</span>
      }
    </span>`,
  styles: `
    .progress {
      display: inline-flex;
      gap: 0.4em;
      align-items: center;
      font-size: 0.85em;
      white-space: nowrap;
    }
    .bar {
      display: inline-block;
      width: 4.5em;
      height: 0.5em;
      border-radius: 0.25em;
      background: color-mix(in srgb, var(--muted) 25%, transparent);
      overflow: hidden;
    }
    .fill {
      display: block;
      height: 100%;
      background: var(--accent);
    }
    .errors {
      color: var(--bad);
    }
  `,
})
export class SimProgress {
  readonly summary = input.required<SimEventSummary>();
  protected readonly percent = computed(() => Math.round((this.summary().progress ?? 0) * 100));
  /** Whole ticks from 10 a minute up: 295/min, 2.5/min. */
  protected readonly rate = computed(() => {
    const r = this.summary().ticksPerMinute ?? 0;
    return r >= 10 ? Math.round(r) : r;
  });
  protected readonly title = computed(() => {
    const s = this.summary();
    const last = s.lastType ? `last event ${s.lastType} at ${s.lastEventAt}` : 'no events yet';
    return `${s.total} events, ${s.errors} errors; ${last}`;
  });
}
