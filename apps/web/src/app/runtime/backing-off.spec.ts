import type { GuardMode, ScheduledTaskState } from '@simscope/contracts';
import { backingOff } from './backing-off';

const task = (base: number, effective: number): ScheduledTaskState => ({
  name: 't',
  expensive: true,
  baseIntervalMs: base,
  effectiveIntervalMs: effective,
  lastRunAt: null,
  lastDurationMs: null,
  skipped: 0,
});

describe('backingOff', () => {
  it.each<[string, GuardMode, string[], ScheduledTaskState[], string | null]>([
    ['normal says nothing', 'normal', [], [task(1000, 1000)], null],
    [
      'host CPU critical',
      'critical',
      ['host CPU at 97 % ≥ 92 %'],
      [task(1000, 1000), task(15000, 60000)],
      'host CPU at 97 % ≥ 92 % — simscope is backing off: background work runs 4× less often, expensive work may be skipped',
    ],
    [
      'degraded, several reasons',
      'degraded',
      ['host CPU at 80 % ≥ 77 %', 'host memory pressure 80 % (in use) ≥ 76 %'],
      [task(60000, 120000)],
      'host CPU at 80 % ≥ 77 %; host memory pressure 80 % (in use) ≥ 76 % — simscope is backing off: background work runs 2× less often',
    ],
    [
      'a fractional stretch',
      'critical',
      ['x'],
      [task(1000, 1500)],
      'x — simscope is backing off: background work runs 1.5× less often, expensive work may be skipped',
    ],
    [
      'no reasons, no tasks',
      'degraded',
      [],
      [],
      'guard degraded — simscope is backing off: live updates keep flowing',
    ],
  ])('%s', (_case, mode, reasons, tasks, expected) => {
    expect(backingOff({ mode, reasons, tasks })).toBe(expected);
  });
});
