import type { GuardMode, GuardThresholds, RuntimeProbes } from '@simscope/contracts';

const RANK: Record<GuardMode, number> = { normal: 0, degraded: 1, critical: 2 };

export interface Evaluation {
  level: GuardMode;
  reasons: string[];
}

type GuardProbes = Pick<RuntimeProbes, 'eventLoop' | 'memory' | 'websocket'>;

const pct = (x: number): string => `${Math.round(x * 100)} %`;

/** What one sample says on its own, with the reasons. Pure. */
export function evaluate(probes: GuardProbes, t: GuardThresholds): Evaluation {
  const found: { level: GuardMode; reason: string }[] = [];
  const check = (
    value: number,
    degraded: number,
    critical: number,
    describe: (l: GuardMode, limit: number) => string,
  ) => {
    if (value >= critical) {
      found.push({ level: 'critical', reason: describe('critical', critical) });
    } else if (value >= degraded) {
      found.push({ level: 'degraded', reason: describe('degraded', degraded) });
    }
  };
  const p99 = probes.eventLoop.p99Ms;
  check(
    p99,
    t.eventLoopP99DegradedMs,
    t.eventLoopP99CriticalMs,
    (_l, limit) => `event-loop delay p99 ${Math.round(p99)} ms ≥ ${limit} ms`,
  );
  const mem = probes.memory.share;
  check(
    mem,
    t.memoryShareDegraded,
    t.memoryShareCritical,
    (_l, limit) => `memory at ${pct(mem)} of its limit ≥ ${pct(limit)}`,
  );
  const ws = probes.websocket.saturation;
  check(
    ws,
    t.wsSaturationDegraded,
    t.wsSaturationCritical,
    (_l, limit) =>
      `websocket clients ${probes.websocket.clients}/${probes.websocket.max} (${pct(ws)} ≥ ${pct(limit)})`,
  );
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

/** How much to stretch periodic work in a mode. */
export function stretchFactor(mode: GuardMode): number {
  return mode === 'critical' ? 4 : mode === 'degraded' ? 2 : 1;
}
