import { readFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import type { RuntimeProbes } from '@simscope/contracts';

type ProcessProbes = Pick<RuntimeProbes, 'eventLoop' | 'memory' | 'cpu' | 'host'>;

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

const num = (s: string | null | undefined): number | null => {
  if (!s) {
    return null;
  }
  const v = Number(s.trim());
  return Number.isFinite(v) ? v : null;
};

/** Linux PSI: "some avg10=1.23 …" → 1.23. */
export function psiAvg10(text: string | null, kind: 'some' | 'full'): number | null {
  const m = text ? new RegExp(`^${kind} avg10=([\\d.]+)`, 'm').exec(text) : null;
  return m ? Number(m[1]) : null;
}

/** cgroup v2 first, then v1; "max" or v1's near-infinite value mean no limit. */
function cgroup(): RuntimeProbes['host']['cgroup'] {
  const v2 = read('/sys/fs/cgroup/memory.max');
  if (v2 !== null) {
    const cpuMax = read('/sys/fs/cgroup/cpu.max')?.trim().split(' ');
    const quota = cpuMax && cpuMax[0] !== 'max' ? Number(cpuMax[0]) / Number(cpuMax[1]) : null;
    return {
      memoryLimitBytes: v2.trim() === 'max' ? null : num(v2),
      memoryUsageBytes: num(read('/sys/fs/cgroup/memory.current')),
      cpuQuota: quota,
    };
  }
  const v1 = num(read('/sys/fs/cgroup/memory/memory.limit_in_bytes'));
  if (v1 === null) {
    return null;
  }
  const q = num(read('/sys/fs/cgroup/cpu/cpu.cfs_quota_us'));
  const p = num(read('/sys/fs/cgroup/cpu/cpu.cfs_period_us'));
  return {
    memoryLimitBytes: v1 > 2 ** 60 ? null : v1,
    memoryUsageBytes: num(read('/sys/fs/cgroup/memory/memory.usage_in_bytes')),
    cpuQuota: q !== null && q > 0 && p ? q / p : null,
  };
}

function hostCpuTimes(): { idle: number; total: number } | null {
  const line = read('/proc/stat')?.split('\n')[0];
  if (!line?.startsWith('cpu ')) {
    return null;
  }
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { idle, total: v.reduce((a, b) => a + b, 0) };
}

/** Samples the process and its host; each call covers the time since the previous one. */
export class ProcessSampler {
  private readonly delay = monitorEventLoopDelay({ resolution: 10 });
  private elu: EventLoopUtilization = performance.eventLoopUtilization();
  private cpu = process.cpuUsage();
  private at = performance.now();
  private hostCpu = hostCpuTimes();

  constructor() {
    this.delay.enable();
  }

  stop(): void {
    this.delay.disable();
  }

  sample(): ProcessProbes {
    const now = performance.now();
    const elapsedMs = Math.max(1, now - this.at);
    const elu = performance.eventLoopUtilization(this.elu);
    const cpu = process.cpuUsage(this.cpu);
    const ms = (ns: number) => (Number.isFinite(ns) ? ns / 1e6 : 0);
    const eventLoop = {
      p50Ms: ms(this.delay.percentile(50)),
      p99Ms: ms(this.delay.percentile(99)),
      maxMs: ms(this.delay.max),
      utilization: elu.utilization,
    };
    this.delay.reset();
    this.elu = performance.eventLoopUtilization();
    this.cpu = process.cpuUsage();
    this.at = now;

    const mem = process.memoryUsage();
    const heapLimit = getHeapStatistics().heap_size_limit;
    const cg = cgroup();
    const rssLimit = cg?.memoryLimitBytes ?? null;
    const share = Math.max(mem.heapUsed / heapLimit, rssLimit ? mem.rss / rssLimit : 0);

    const hostCpu = hostCpuTimes();
    let cpuPercent: number | null = null;
    if (hostCpu && this.hostCpu && hostCpu.total > this.hostCpu.total) {
      cpuPercent =
        100 * (1 - (hostCpu.idle - this.hostCpu.idle) / (hostCpu.total - this.hostCpu.total));
    }
    this.hostCpu = hostCpu;
    const memAvailable = /MemAvailable:\s+(\d+) kB/.exec(read('/proc/meminfo') ?? '');
    const psiCpu = read('/proc/pressure/cpu');
    const psiMem = read('/proc/pressure/memory');
    const [l1, l5, l15] = loadavg();
    return {
      eventLoop,
      memory: {
        heapUsedBytes: mem.heapUsed,
        heapLimitBytes: heapLimit,
        rssBytes: mem.rss,
        rssLimitBytes: rssLimit,
        share,
      },
      cpu: { processPercent: (100 * ((cpu.user + cpu.system) / 1000)) / elapsedMs },
      host: {
        cpus: cpus().length,
        cpuPercent,
        loadAverage: [l1 ?? 0, l5 ?? 0, l15 ?? 0],
        memTotalBytes: totalmem(),
        memAvailableBytes: memAvailable ? Number(memAvailable[1]) * 1024 : freemem(),
        psi:
          psiCpu !== null || psiMem !== null
            ? {
                cpuSome: psiAvg10(psiCpu, 'some') ?? 0,
                memorySome: psiAvg10(psiMem, 'some') ?? 0,
                memoryFull: psiAvg10(psiMem, 'full') ?? 0,
              }
            : null,
        cgroup: cg,
      },
    };
  }
}
