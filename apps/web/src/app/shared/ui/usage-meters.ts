import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { Pressure, StatsSample } from '@simscope/contracts';
import { formatBytes } from '../format';

interface Meter {
  label: string;
  text: string;
  title: string;
  /** 0..100 of the limit; null when unbounded. */
  fill: number | null;
  level: Pressure['level'];
}

/** CPU, memory and pids of one sample: a bar against the limit, coloured by pressure, and the figure. */
export function meters(s: StatsSample): Meter[] {
  const pct = (p: Pressure) => (p.share === null ? null : Math.min(100, Math.round(p.share * 100)));
  const cpu = s.cpuPercent;
  return [
    {
      label: 'CPU',
      text: cpu === null ? '…' : `${cpu.toFixed(cpu < 10 ? 1 : 0)}%`,
      title:
        s.limits.cpus === null
          ? `CPU ${cpu ?? '…'} % (no limit)`
          : `CPU ${cpu ?? '…'} % of ${s.limits.cpus} CPU${s.limits.cpus === 1 ? '' : 's'}`,
      fill: pct(s.pressure.cpu),
      level: s.pressure.cpu.level,
    },
    {
      label: 'MEM',
      text: formatBytes(s.memoryBytes),
      title:
        s.memoryLimitBytes === null
          ? `memory ${formatBytes(s.memoryBytes)} (no limit)`
          : `memory ${formatBytes(s.memoryBytes)} of ${formatBytes(s.memoryLimitBytes)}`,
      fill: pct(s.pressure.memory),
      level: s.pressure.memory.level,
    },
    {
      label: 'PIDS',
      text: s.pids === null ? '—' : String(s.pids),
      title:
        s.limits.pids === null
          ? `${s.pids ?? '—'} processes (no limit)`
          : `${s.pids} of ${s.limits.pids} processes`,
      fill: pct(s.pressure.pids),
      level: s.pressure.pids.level,
    },
  ];
}

@Component({
  selector: 'sim-usage-meters',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (m of list(); track m.label) {
      <span class="m lvl-{{ m.level }}" [attr.title]="m.title">
        <span class="k">{{ m.label }}</span>
        <span class="bar" aria-hidden="true"
          ><span class="fill" [style.width.%]="m.fill ?? 0"></span
        ></span>
        <span class="v">{{ m.text }}</span>
        @if (m.level === 'critical' || m.level === 'warning') {
          <span class="sr-only">{{ m.level }}</span>
        }
      </span>
    } @empty {
      <span class="muted">—</span>
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      gap: 0.45rem;
      align-items: center;
      font-size: 0.75rem;
      font-variant-numeric: tabular-nums;
    }
    .m {
      display: inline-flex;
      gap: 0.2rem;
      align-items: center;
    }
    .k {
      color: var(--muted);
      font-size: 0.68rem;
    }
    .bar {
      width: 22px;
      height: 6px;
      border-radius: 3px;
      background: var(--line);
      overflow: hidden;
    }
    .fill {
      display: block;
      height: 100%;
      background: var(--ok);
    }
    .lvl-warning .fill {
      background: var(--warn);
    }
    .lvl-critical .fill {
      background: var(--bad);
    }
    .lvl-critical .v {
      color: var(--bad);
      font-weight: 650;
    }
    .lvl-warning .v {
      color: var(--warn);
    }
    .lvl-unbounded .bar {
      background: repeating-linear-gradient(90deg, var(--line) 0 3px, transparent 3px 5px);
    }
  `,
})
export class UsageMeters {
  readonly sample = input<StatsSample | null | undefined>(null);
  protected readonly list = computed(() => {
    const s = this.sample();
    return s ? meters(s) : [];
  });
}
