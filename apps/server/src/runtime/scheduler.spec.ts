import type { GuardMode, SimulationGuardEvent } from '@simscope/contracts';
import { FakeClock } from '../testing/fake-clock.js';
import { Scheduler } from './scheduler.js';

describe('Scheduler', () => {
  let clock: FakeClock;
  let mode: GuardMode;
  let skips: SimulationGuardEvent[];
  let runs: Record<string, number[]>;
  let sut: Scheduler;
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
    sut = new Scheduler(
      clock,
      () => mode,
      true,
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
