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
  templateUrl: './usage-meters.html',
  styleUrl: './usage-meters.css',
})
export class UsageMeters {
  readonly sample = input<StatsSample | null | undefined>(null);
  protected readonly list = computed(() => {
    const s = this.sample();
    return s ? meters(s) : [];
  });
}
