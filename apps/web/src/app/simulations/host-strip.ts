import { ChangeDetectionStrategy, Component, inject, input, output } from '@angular/core';
import type { HostSummary } from '@simscope/contracts';
import { Clock } from '../shared/clock';

/** One chip per engine: live / stale / unavailable with its diagnosis; a click filters to it. */
@Component({
  selector: 'sim-host-strip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ul class="hosts" aria-label="Docker engines" aria-live="polite" data-testid="host-strip">
      @for (h of hosts(); track h.name) {
        <li>
          <button
            type="button"
            class="host st-{{ h.status }}"
            [class.active]="active() === h.name"
            [attr.aria-pressed]="active() === h.name"
            [attr.title]="
              h.diagnosis ? h.diagnosis.remediation + ' (' + h.diagnosis.error + ')' : h.endpoint
            "
            (click)="select.emit(active() === h.name ? null : h.name)"
            [attr.data-host]="h.name"
          >
            <span class="dot" aria-hidden="true"></span>
            <strong>{{ h.name }}</strong>
            <span class="status">{{ h.status }}</span>
            <span class="muted">{{ h.counts.running }}/{{ h.counts.total }}</span>
            @if (h.diagnosis && h.status !== 'live') {
              <span class="diag">{{ h.diagnosis.code }}</span>
            } @else if (h.lastEventAgeMs !== null) {
              <span class="muted small">event {{ clock.ago(clock.now() - h.lastEventAgeMs) }}</span>
            }
          </button>
        </li>
      }
    </ul>
  `,
  styles: `
    .hosts {
      list-style: none;
      margin: 0 0 0.75rem;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
    }
    .host {
      display: flex;
      gap: 0.45rem;
      align-items: center;
      background: var(--panel);
      border-radius: 999px;
      padding: 0.2rem 0.7rem;
      font-size: 0.82rem;
    }
    .host.active {
      border-color: var(--accent);
    }
    .dot {
      width: 0.55rem;
      height: 0.55rem;
      border-radius: 50%;
      background: var(--ok);
    }
    .st-stale .dot {
      background: var(--warn);
      border-radius: 1px;
    }
    .st-unavailable .dot {
      background: var(--bad);
      border-radius: 1px;
      transform: rotate(45deg);
    }
    .st-stale .status {
      color: var(--warn);
      font-weight: 600;
    }
    .st-unavailable .status {
      color: var(--bad);
      font-weight: 600;
    }
    .diag {
      color: var(--bad);
      font-family: ui-monospace, monospace;
      font-size: 0.78rem;
    }
    .small {
      font-size: 0.75rem;
    }
  `,
})
export class HostStrip {
  readonly hosts = input.required<HostSummary[]>();
  readonly active = input<string | null>(null);
  readonly select = output<string | null>();
  protected readonly clock = inject(Clock);
}
