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
  template: `
    @let inv = inventory();
    <section class="strip" aria-label="Summary" data-testid="summary">
      <div class="stat">
        <span class="value" data-testid="running-total"
          >{{ inv.counts.running }} / {{ inv.counts.total }}</span
        >
        <span class="label">running / total</span>
      </div>
      <div class="stat phases">
        <span class="value">
          @for (p of phases(); track p.phase) {
            <button
              type="button"
              class="count phase phase-{{ p.phase }}"
              [class.active]="activePhase() === p.phase"
              [attr.aria-pressed]="activePhase() === p.phase"
              (click)="phase.emit(activePhase() === p.phase ? null : p.phase)"
            >
              <span aria-hidden="true">{{ glyph[p.phase] }}</span> {{ p.count }} {{ p.phase }}
            </button>
          } @empty {
            <span class="muted">—</span>
          }
        </span>
        <span class="label">by phase</span>
      </div>
      <div class="stat">
        <span class="value">{{ inv.counts.clusters }}</span>
        <span class="label">clusters</span>
      </div>
      <div class="stat">
        <span class="value">{{ inv.counts.sharedNetworkMembers }}</span>
        <span class="label">on {{ inv.sharedNetwork.name }}</span>
      </div>
      @if (usage(); as u) {
        @if (u.totals.sampled > 0) {
          <div
            class="stat"
            data-testid="usage-totals"
            [attr.title]="
              'sum over ' +
              u.totals.sampled +
              ' sampled simulations, swept ' +
              (u.sweepMs ?? 0) +
              ' ms'
            "
          >
            <span class="value"
              >{{ u.totals.cpuPercent.toFixed(0) }} % · {{ bytes(u.totals.memoryBytes) }}</span
            >
            <span class="label"
              >CPU · memory{{
                u.totals.memoryLimitBytes
                  ? ' of ' + bytes(u.totals.memoryLimitBytes) + ' limits'
                  : ''
              }}</span
            >
          </div>
        }
      }
      <div
        class="stat"
        data-testid="limits-policy"
        title="strict: CPU, memory and pids limited; constrained: some; unbounded: none — an unbounded simulation can starve its neighbours"
      >
        <span class="value">
          <span>{{ inv.counts.byLimitsPolicy.strict }} strict</span>
          <span>{{ inv.counts.byLimitsPolicy.constrained }} constrained</span>
          <span [class.warn]="inv.counts.byLimitsPolicy.unbounded > 0"
            >{{ inv.counts.byLimitsPolicy.unbounded }} unbounded</span
          >
        </span>
        <span class="label"
          >limits{{
            inv.counts.byLimitsPolicy.unknown
              ? ' (' + inv.counts.byLimitsPolicy.unknown + ' not yet known)'
              : ''
          }}</span
        >
      </div>
      <div class="stat right">
        <span class="value mono" data-testid="fingerprint" [attr.title]="inv.fingerprint">{{
          inv.fingerprint.slice(0, 8)
        }}</span>
        <span class="label">state · seq {{ inv.sequence }}</span>
      </div>
    </section>
  `,
  styles: `
    .strip {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1.8rem;
      align-items: flex-end;
      padding: 0.6rem 0.9rem;
      background: var(--panel);
      border: 1px solid var(--line);
      border-radius: 6px;
      margin-bottom: 0.75rem;
    }
    .stat {
      display: flex;
      flex-direction: column;
      gap: 0.1rem;
    }
    .right {
      margin-left: auto;
      text-align: right;
    }
    .value {
      font-size: 1.15rem;
      font-weight: 650;
      font-variant-numeric: tabular-nums;
      display: flex;
      flex-wrap: wrap;
      gap: 0.35rem;
    }
    .label {
      font-size: 0.75rem;
      color: var(--muted);
      text-transform: uppercase;
      letter-spacing: 0.04em;
    }
    .count {
      font-size: 0.82rem;
      font-weight: 600;
      padding: 0.05rem 0.45rem;
      background: transparent;
      border: 1px solid;
    }
    .warn {
      color: var(--warn);
    }
    [data-testid='limits-policy'] .value {
      font-size: 0.95rem;
      gap: 0.6rem;
    }
    .count.active {
      background: color-mix(in srgb, var(--c) 14%, transparent);
    }
  `,
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
