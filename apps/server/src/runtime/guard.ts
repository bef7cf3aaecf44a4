import type { GuardMode, GuardThresholds, RuntimeProbes } from '@simscope/contracts';

const RANK: Record<GuardMode, number> = { normal: 0, degraded: 1, critical: 2 };

export interface Evaluation {
  level: GuardMode;
  reasons: string[];
}

type GuardProbes = Pick<RuntimeProbes, 'eventLoop' | 'memory' | 'websocket' | 'host' | 'log'>;

const pct = (x: number): string => `${Math.round(x * 100)} %`;

/** Fewer lines than this in the log window say nothing about an error ratio (1 of 2 is not 50 %). */
export const LOG_RATIO_MIN_LINES = 20;

interface Input {
  value: number;
  degraded: number;
  critical: number;
  describe(limit: number): string;
}

/**
 * Host memory pressure as a share: PSI memory `some avg10` (the share of the last 10 s in which some
 * task waited for memory) where the kernel has it, else the share of memory not available.
 */
export function hostMemoryPressure(host: RuntimeProbes['host']): { share: number; source: string } {
  if (host.psi) {
    return { share: host.psi.memorySome / 100, source: 'PSI some avg10' };
  }
  const share = host.memTotalBytes > 0 ? 1 - host.memAvailableBytes / host.memTotalBytes : 0;
  return { share, source: 'in use' };
}

/**
 * Every input the guard compares, with its limits; inputs a sample cannot measure, and host inputs
 * whose critical level is 0 (off), are left out.
 */
function inputs(p: GuardProbes, t: GuardThresholds): Input[] {
  const list: Input[] = [];
  const p99 = p.eventLoop.p99Ms;
  list.push({
    value: p99,
    degraded: t.eventLoopP99DegradedMs,
    critical: t.eventLoopP99CriticalMs,
    describe: (limit) => `event-loop delay p99 ${Math.round(p99)} ms ≥ ${limit} ms`,
  });
  const mem = p.memory.share;
  list.push({
    value: mem,
    degraded: t.memoryShareDegraded,
    critical: t.memoryShareCritical,
    describe: (limit) => `memory at ${pct(mem)} of its limit ≥ ${pct(limit)}`,
  });
  const ws = p.websocket.saturation;
  list.push({
    value: ws,
    degraded: t.wsSaturationDegraded,
    critical: t.wsSaturationCritical,
    describe: (limit) =>
      `websocket clients ${p.websocket.clients}/${p.websocket.max} (${pct(ws)} ≥ ${pct(limit)})`,
  });
  const cpu = p.host.cpuPercent;
  if (cpu !== null && t.hostCpuCriticalPercent > 0) {
    list.push({
      value: cpu,
      degraded: t.hostCpuDegradedPercent,
      critical: t.hostCpuCriticalPercent,
      describe: (limit) => `host CPU at ${Math.round(cpu)} % ≥ ${limit} %`,
    });
  }
  const pressure = hostMemoryPressure(p.host);
  if (t.hostMemoryPressureCritical > 0) {
    list.push({
      value: pressure.share,
      degraded: t.hostMemoryPressureDegraded,
      critical: t.hostMemoryPressureCritical,
      describe: (limit) =>
        `host memory pressure ${pct(pressure.share)} (${pressure.source}) ≥ ${pct(limit)}`,
    });
  }
  if (t.logErrorRatioCritical > 0 && p.log.complete && p.log.lines >= LOG_RATIO_MIN_LINES) {
    const ratio = p.log.errorShare;
    list.push({
      value: ratio,
      degraded: t.logErrorRatioDegraded,
      critical: t.logErrorRatioCritical,
      describe: (limit) =>
        `error lines ${pct(ratio)} of simscope's log (${p.log.errorLines} of ${p.log.lines} in ${p.log.windowSeconds} s) ≥ ${pct(limit)}`,
    });
  }
  return list;
}

/** What one sample says on its own, with the reasons. Pure. */
export function evaluate(probes: GuardProbes, t: GuardThresholds): Evaluation {
  const found: { level: GuardMode; reason: string }[] = [];
  for (const input of inputs(probes, t)) {
    if (input.value >= input.critical) {
      found.push({ level: 'critical', reason: input.describe(input.critical) });
    } else if (input.value >= input.degraded) {
      found.push({ level: 'degraded', reason: input.describe(input.degraded) });
    }
  }
  const level = found.reduce<GuardMode>(
    (m, f) => (RANK[f.level] > RANK[m] ? f.level : m),
    'normal',
  );
  return { level, reasons: found.map((f) => f.reason) };
}

export interface GuardState {
  mode: GuardMode;
  /** ms since the epoch when `mode` began. */
  since: number;
  reasons: string[];
  /** Consecutive samples worse than the mode, and the worst level among them. */
  worse: number;
  worseLevel: GuardMode;
  /** Consecutive samples better than the mode, and the worst level among them. */
  better: number;
  betterLevel: GuardMode;
}

export function initialGuardState(now: number): GuardState {
  return {
    mode: 'normal',
    since: now,
    reasons: [],
    worse: 0,
    worseLevel: 'normal',
    better: 0,
    betterLevel: 'normal',
  };
}

const worst = (a: GuardMode, b: GuardMode): GuardMode => (RANK[a] >= RANK[b] ? a : b);
const mildest = (a: GuardMode, b: GuardMode): GuardMode => (RANK[a] <= RANK[b] ? a : b);

/**
 * Hysteresis: a worse mode is entered after `enterAfter` worse samples in a row (at the mildest of
 * them, so one spike among mild samples does not jump to critical), and left after `leaveAfter`
 * better samples in a row (to the worst of them). Pure.
 */
export function step(
  state: GuardState,
  sample: Evaluation,
  t: GuardThresholds,
  now: number,
): GuardState {
  const r = RANK[sample.level];
  const m = RANK[state.mode];
  if (r > m) {
    const worse = state.worse + 1;
    const worseLevel = state.worse === 0 ? sample.level : mildest(state.worseLevel, sample.level);
    if (worse >= t.enterAfter) {
      return { ...initialGuardState(now), mode: worseLevel, reasons: sample.reasons };
    }
    return { ...state, worse, worseLevel, better: 0, betterLevel: 'normal' };
  }
  if (r < m) {
    const better = state.better + 1;
    const betterLevel = state.better === 0 ? sample.level : worst(state.betterLevel, sample.level);
    if (better >= t.leaveAfter) {
      return { ...initialGuardState(now), mode: betterLevel, reasons: sample.reasons };
    }
    return { ...state, better, betterLevel, worse: 0, worseLevel: 'normal' };
  }
  return {
    ...state,
    reasons: sample.level === 'normal' ? [] : sample.reasons,
    worse: 0,
    better: 0,
  };
}

/** How much to stretch periodic work in a mode: ×2 degraded (at most the critical factor), ×`critical`. */
export function stretchFactor(mode: GuardMode, critical = 4): number {
  return mode === 'critical' ? critical : mode === 'degraded' ? Math.min(2, critical) : 1;
}
