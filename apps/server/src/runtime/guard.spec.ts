import type { GuardMode, GuardThresholds } from '@simscope/contracts';
import type { RuntimeProbes } from '@simscope/contracts';
import {
  evaluate,
  hostMemoryPressure,
  initialGuardState,
  step,
  stretchFactor,
  type Evaluation,
} from './guard.js';

const T: GuardThresholds = {
  eventLoopP99DegradedMs: 100,
  eventLoopP99CriticalMs: 500,
  memoryShareDegraded: 0.8,
  memoryShareCritical: 0.95,
  wsSaturationDegraded: 0.8,
  wsSaturationCritical: 0.95,
  hostCpuDegradedPercent: 77,
  hostCpuCriticalPercent: 92,
  hostMemoryPressureDegraded: 0.76,
  hostMemoryPressureCritical: 0.9,
  logErrorRatioDegraded: 0.36,
  logErrorRatioCritical: 0.55,
  enterAfter: 2,
  leaveAfter: 3,
};

const GiB = 1024 ** 3;

type Host = RuntimeProbes['host'];
const host = (over: Partial<Host> = {}): Host => ({
  cpus: 2,
  cpuPercent: 20,
  loadAverage: [0.5, 0.5, 0.5],
  memTotalBytes: 8 * GiB,
  memAvailableBytes: 6 * GiB,
  psi: null,
  cgroup: null,
  ...over,
});
const psi = (memorySome: number) => ({ cpuSome: 0, memorySome, memoryFull: 0 });

type Log = RuntimeProbes['log'];
const log = (lines = 100, errorLines = 0, complete = true): Log => ({
  windowSeconds: 60,
  lines,
  errorLines,
  errorShare: lines ? errorLines / lines : 0,
  complete,
});

const probes = (
  p99 = 5,
  share = 0.2,
  clients = 0,
  max = 100,
  h: Host = host(),
  l: Log = log(),
) => ({
  eventLoop: { p50Ms: 1, p99Ms: p99, maxMs: p99, utilization: 0.1 },
  memory: { heapUsedBytes: 0, heapLimitBytes: 1, rssBytes: 0, rssLimitBytes: null, share },
  websocket: { clients, max, saturation: clients / max },
  host: h,
  log: l,
});
const onHost = (h: Partial<Host>) => probes(5, 0.2, 0, 100, host(h));
const withLog = (lines: number, errors: number) =>
  probes(5, 0.2, 0, 100, host(), log(lines, errors));

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
    ['host CPU busy', onHost({ cpuPercent: 80 }), 'degraded', ['host CPU at 80 % ≥ 77 %']],
    ['host CPU saturated', onHost({ cpuPercent: 97.4 }), 'critical', ['host CPU at 97 % ≥ 92 %']],
    ['host CPU unreadable: no input', onHost({ cpuPercent: null }), 'normal', []],
    [
      'host memory: PSI some avg10 when the kernel has it',
      onHost({ psi: psi(93), memAvailableBytes: 7 * GiB }),
      'critical',
      ['host memory pressure 93 % (PSI some avg10) ≥ 90 %'],
    ],
    [
      'host memory: PSI quiet wins over a full page cache',
      onHost({ psi: psi(0.5), memAvailableBytes: 0.1 * GiB }),
      'normal',
      [],
    ],
    [
      'host memory: without PSI, the share not available',
      onHost({ memAvailableBytes: 1.6 * GiB }),
      'degraded',
      ['host memory pressure 80 % (in use) ≥ 76 %'],
    ],
    [
      "simscope's log mostly errors",
      withLog(100, 60),
      'critical',
      ["error lines 60 % of simscope's log (60 of 100 in 60 s) ≥ 55 %"],
    ],
    [
      'some errors',
      withLog(50, 20),
      'degraded',
      ["error lines 40 % of simscope's log (20 of 50 in 60 s) ≥ 36 %"],
    ],
    ['too few lines to call it a ratio', withLog(19, 19), 'normal', []],
    [
      'LOG_LEVEL above info: only errors are counted, no ratio',
      probes(5, 0.2, 0, 100, host(), log(100, 100, false)),
      'normal',
      [],
    ],
    [
      'host and process reasons together',
      probes(600, 0.2, 0, 100, host({ cpuPercent: 99 })),
      'critical',
      ['event-loop delay p99 600 ms ≥ 500 ms', 'host CPU at 99 % ≥ 92 %'],
    ],
  ])('%s → %s', (_case, p, level, reasons) => {
    expect(evaluate(p, T)).toEqual({ level, reasons });
  });

  it('leaves out a host input whose critical level is 0 (off)', () => {
    const off = {
      ...T,
      hostCpuCriticalPercent: 0,
      hostCpuDegradedPercent: 0,
      hostMemoryPressureCritical: 0,
      hostMemoryPressureDegraded: 0,
      logErrorRatioCritical: 0,
      logErrorRatioDegraded: 0,
    };
    const busy = probes(5, 0.2, 0, 100, host({ cpuPercent: 100, psi: psi(99) }), log(100, 100));

    expect(evaluate(busy, off)).toEqual({ level: 'normal', reasons: [] });
    expect(evaluate(busy, T).level).toBe('critical');
  });
});

describe('hostMemoryPressure', () => {
  it.each<[string, Partial<Host>, number, string]>([
    ['PSI', { psi: psi(12) }, 0.12, 'PSI some avg10'],
    ['meminfo', { memAvailableBytes: 2 * GiB }, 0.75, 'in use'],
    ['no total (unreadable)', { memTotalBytes: 0, memAvailableBytes: 0 }, 0, 'in use'],
  ])('%s', (_case, h, share, source) => {
    expect(hostMemoryPressure(host(h))).toEqual({ share, source });
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

  it.each<[GuardMode, number, number]>([
    ['critical', 3, 3],
    ['degraded', 3, 2],
    ['degraded', 1.5, 1.5],
    ['normal', 3, 1],
  ])('%s with a critical factor of %d → ×%d', (mode, critical, factor) =>
    expect(stretchFactor(mode, critical)).toBe(factor),
  );
});
