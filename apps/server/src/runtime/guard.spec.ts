import type { GuardMode, GuardThresholds } from '@simscope/contracts';
import { evaluate, initialGuardState, step, stretchFactor, type Evaluation } from './guard.js';

const T: GuardThresholds = {
  eventLoopP99DegradedMs: 100,
  eventLoopP99CriticalMs: 500,
  memoryShareDegraded: 0.8,
  memoryShareCritical: 0.95,
  wsSaturationDegraded: 0.8,
  wsSaturationCritical: 0.95,
  enterAfter: 2,
  leaveAfter: 3,
};

const probes = (p99 = 5, share = 0.2, clients = 0, max = 100) => ({
  eventLoop: { p50Ms: 1, p99Ms: p99, maxMs: p99, utilization: 0.1 },
  memory: { heapUsedBytes: 0, heapLimitBytes: 1, rssBytes: 0, rssLimitBytes: null, share },
  websocket: { clients, max, saturation: clients / max },
});

describe('evaluate', () => {
  it.each<[string, ReturnType<typeof probes>, GuardMode, string[]]>([
    ['all quiet', probes(), 'normal', []],
    ['event loop slow', probes(150), 'degraded', ['event-loop delay p99 150 ms ≥ 100 ms']],
    ['event loop stalled', probes(600), 'critical', ['event-loop delay p99 600 ms ≥ 500 ms']],
    ['memory high', probes(5, 0.85), 'degraded', ['memory at 85 % of its limit ≥ 80 %']],
    ['memory at the edge', probes(5, 0.97), 'critical', ['memory at 97 % of its limit ≥ 95 %']],
    [
      'sockets nearly full',
      probes(5, 0.2, 90, 100),
      'degraded',
      ['websocket clients 90/100 (90 % ≥ 80 %)'],
    ],
    [
      'the worst wins, every reason kept',
      probes(150, 0.97),
      'critical',
      ['event-loop delay p99 150 ms ≥ 100 ms', 'memory at 97 % of its limit ≥ 95 %'],
    ],
  ])('%s → %s', (_case, p, level, reasons) => {
    expect(evaluate(p, T)).toEqual({ level, reasons });
  });
});

describe('step (hysteresis)', () => {
  const s = (level: GuardMode): Evaluation => ({
    level,
    reasons: level === 'normal' ? [] : [`${level}!`],
  });
  const run = (levels: GuardMode[]) => {
    let state = initialGuardState(0);
    return levels.map((l, i) => (state = step(state, s(l), T, i + 1)).mode);
  };

  it.each<[string, GuardMode[], GuardMode[]]>([
    ['one bad sample is not enough', ['degraded', 'normal'], ['normal', 'normal']],
    ['two in a row enter', ['degraded', 'degraded'], ['normal', 'degraded']],
    [
      'a spike among mild samples enters the milder mode',
      ['degraded', 'critical'],
      ['normal', 'degraded'],
    ],
    ['two critical in a row enter critical', ['critical', 'critical'], ['normal', 'critical']],
    [
      'leaving needs three good samples in a row',
      ['critical', 'critical', 'normal', 'normal', 'critical', 'normal', 'normal', 'normal'],
      ['normal', 'critical', 'critical', 'critical', 'critical', 'critical', 'critical', 'normal'],
    ],
    [
      'recovery steps down to the worst of the better samples',
      ['critical', 'critical', 'degraded', 'normal', 'normal'],
      ['normal', 'critical', 'critical', 'critical', 'degraded'],
    ],
    [
      'flapping never settles',
      ['degraded', 'normal', 'degraded', 'normal'],
      ['normal', 'normal', 'normal', 'normal'],
    ],
  ])('%s', (_case, levels, modes) => {
    expect(run(levels)).toEqual(modes);
  });

  it('records when the mode began and why', () => {
    let state = initialGuardState(0);
    state = step(state, s('degraded'), T, 10);
    state = step(state, s('degraded'), T, 20);
    expect(state).toMatchObject({ mode: 'degraded', since: 20, reasons: ['degraded!'] });
  });
});

describe('stretchFactor', () => {
  it.each<[GuardMode, number]>([
    ['normal', 1],
    ['degraded', 2],
    ['critical', 4],
  ])('%s → ×%i', (mode, factor) => expect(stretchFactor(mode)).toBe(factor));
});
