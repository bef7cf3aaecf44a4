import type { GuardMode, SimulationGuardEvent } from '@simscope/contracts';
import { FakeClock } from '../testing/fake-clock.js';
import { Scheduler, type BackoffPolicy } from './scheduler.js';

describe('Scheduler', () => {
  let clock: FakeClock;
  let mode: GuardMode;
  let skips: SimulationGuardEvent[];
  let runs: Record<string, number[]>;
  let sut: Scheduler;
  let policy: BackoffPolicy;
  const task = (
    name: string,
    intervalMs: number,
    extra: { expensive?: boolean; fixed?: boolean } = {},
  ) =>
    sut.register({ name, intervalMs, ...extra, run: () => void (runs[name] ??= []).push(clock.t) });

  beforeEach(() => {
    clock = new FakeClock();
    mode = 'normal';
    skips = [];
    runs = {};
    policy = { skipExpensiveOnCritical: true, criticalStretch: 4, reasons: () => [] };
    sut = new Scheduler(
      clock,
      () => mode,
      policy,
      (e) => skips.push(e),
    );
  });

  it('runs a task every interval', () => {
    task('a', 100);
    clock.advance(350);
    expect(runs.a).toEqual([100, 200, 300]);
  });

  it.each<[GuardMode, number[]]>([
    ['degraded', [200, 400]],
    ['critical', [400]],
  ])('stretches intervals when %s', (m, expected) => {
    mode = m;
    task('a', 100);
    clock.advance(450);
    expect(runs.a).toEqual(expected);
  });

  it('stretches by the configured critical factor, and degraded by at most that', () => {
    policy.criticalStretch = 1.5;
    mode = 'critical';
    task('a', 100);
    clock.advance(320);
    mode = 'degraded';
    sut.modeChanged();
    clock.advance(150);
    expect(runs.a).toEqual([150, 300, 450]);
  });

  it('says in the skip event why the guard is backing off', () => {
    mode = 'critical';
    policy.reasons = () => ['host CPU at 97 % ≥ 92 %'];
    task('sweep', 100, { expensive: true });
    clock.advance(400);
    expect(skips[0]?.reason).toBe(
      'skipped: expensive work is shed while the guard is critical (host CPU at 97 % ≥ 92 %) — simscope is backing off',
    );
  });

  it('keeps expensive work running under critical when told not to shed it', () => {
    policy.skipExpensiveOnCritical = false;
    mode = 'critical';
    task('sweep', 100, { expensive: true });
    clock.advance(800);
    expect(runs.sweep).toEqual([400, 800]);
    expect(skips).toEqual([]);
  });

  it('re-arms pending tasks when the mode changes', () => {
    task('a', 100);
    clock.advance(100);
    mode = 'critical';
    sut.modeChanged();
    clock.advance(450);
    expect(runs.a).toEqual([100, 500]);
  });

  it('never stretches a fixed task', () => {
    mode = 'critical';
    task('sample', 100, { fixed: true });
    clock.advance(300);
    expect(runs.sample).toEqual([100, 200, 300]);
  });

  it('skips expensive work under critical and reports it, folding repeats', () => {
    mode = 'critical';
    task('reconcile', 100, { expensive: true });
    clock.advance(400 * 5);

    expect(runs.reconcile).toBeUndefined();
    expect(skips[0]).toMatchObject({ task: 'reconcile', mode: 'critical', count: 1 });
    expect(skips.length).toBe(1); // five skips within 5 s: one event
    clock.advance(4000);
    expect(skips[1]).toMatchObject({ task: 'reconcile', count: expect.any(Number) });
    const reported = skips.reduce((n, e) => n + e.count, 0);
    const skipped = sut.state()[0]?.skipped ?? 0;
    expect(reported).toBeLessThanOrEqual(skipped);
    expect(skipped - reported).toBeLessThan(5000 / 400 + 1); // the rest goes in the next event
  });

  it('tells a skipped task each time it is shed, and not when it runs', () => {
    mode = 'critical';
    let told = 0;
    sut.register({
      name: 'sweep',
      intervalMs: 100,
      expensive: true,
      run: () => void (runs['sweep'] ??= []).push(clock.t),
      onSkipped: () => told++,
    });
    clock.advance(400 * 3);
    expect(told).toBe(3);
    mode = 'normal';
    sut.modeChanged();
    clock.advance(400);
    expect(told).toBe(3);
    expect(runs['sweep']?.length).toBeGreaterThan(0);
  });

  it('runs expensive work when not critical', () => {
    mode = 'degraded';
    task('reconcile', 100, { expensive: true });
    clock.advance(200);
    expect(runs.reconcile).toEqual([200]);
    expect(skips).toEqual([]);
  });

  it('reports each task with its effective interval', () => {
    task('a', 100, { expensive: true });
    mode = 'degraded';
    expect(sut.state()).toEqual([
      expect.objectContaining({
        name: 'a',
        expensive: true,
        baseIntervalMs: 100,
        effectiveIntervalMs: 200,
        skipped: 0,
      }),
    ]);
  });
});
