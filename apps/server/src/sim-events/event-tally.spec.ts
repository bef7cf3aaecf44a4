import type { SimEvent } from '@simscope/contracts';
import { aSimEvent } from '../testing/factories.js';
import { EventTally } from './event-tally.js';

const T0 = Date.parse('2026-11-23T10:00:00Z');

function ev(atMs: number, type: string, fields: Partial<SimEvent> = {}): SimEvent {
  return aSimEvent(0, { at: new Date(T0 + atMs).toISOString(), type, ...fields });
}

/** A tick every `everyMs` from 0, ticks 1…n. */
const ticks = (n: number, everyMs: number): SimEvent[] =>
  Array.from({ length: n }, (_, i) => ev(i * everyMs, 'tick_completed', { tick: i + 1 }));

describe('EventTally', () => {
  it('starts empty', () => {
    expect(new EventTally().summary()).toEqual({
      total: 0,
      tick: null,
      ticksPerMinute: null,
      progress: null,
      errors: 0,
      lastEventAt: null,
      lastType: null,
      countsByType: {},
      cutLines: 0,
    });
  });

  it.each([
    ['a tick every 200 ms', ticks(30, 200), 300],
    ['a tick every second', ticks(10, 1000), 60],
    ['a tick every 5 s', ticks(5, 5000), 12],
    ['one tick: no rate yet', ticks(1, 1000), null],
    ['ticks at one instant: no rate', [ev(0, 't', { tick: 1 }), ev(0, 't', { tick: 2 })], null],
  ])('ticks per minute: %s → %p', (_, events, rate) => {
    const sut = new EventTally();
    events.forEach((e) => sut.add(e));
    expect(sut.summary().ticksPerMinute).toBe(rate);
  });

  it('measures the rate over the last minute only', () => {
    const sut = new EventTally();
    // 60 ticks a minute for five minutes, then 600 a minute for two.
    ticks(300, 1000).forEach((e) => sut.add(e));
    for (let i = 1; i <= 1200; i++) {
      sut.add(ev(300_000 + i * 100, 'tick_completed', { tick: 300 + i }));
    }
    expect(sut.summary().ticksPerMinute).toBeCloseTo(600, -1);
  });

  it('starts the rate over when the tick goes back (a restarted simulation)', () => {
    const sut = new EventTally();
    ticks(10, 1000).forEach((e) => sut.add(e));
    sut.add(ev(20_000, 'tick_completed', { tick: 1 }));
    expect(sut.summary()).toMatchObject({ tick: 1, ticksPerMinute: null });
  });

  it('counts by type, errors, the last event and progress', () => {
    const sut = new EventTally();
    sut.add(ev(0, 'tick_completed', { tick: 1, progress: 0.1 }));
    sut.add(ev(100, 'error'));
    sut.add(ev(200, 'transfer', { level: 'fatal' }));
    sut.add(ev(300, 'tick_completed', { tick: 2 }));
    sut.addCut(2);
    expect(sut.summary()).toMatchObject({
      total: 4,
      tick: 2,
      progress: 0.1,
      errors: 2,
      lastType: 'tick_completed',
      lastEventAt: '2026-11-23T10:00:00.300Z',
      countsByType: { tick_completed: 2, error: 1, transfer: 1 },
      cutLines: 2,
    });
    expect(sut.recentGaps()).toEqual([100, 100, 100]);
  });

  it('counts types beyond 50 under "other"', () => {
    const sut = new EventTally();
    for (let i = 0; i < 60; i++) {
      sut.add(ev(i, `type-${i}`));
    }
    sut.add(ev(100, 'type-3'));
    const counts = sut.summary().countsByType;
    expect(Object.keys(counts)).toHaveLength(51);
    expect(counts.other).toBe(10);
    expect(counts['type-3']).toBe(2);
  });

  it('keeps the last 32 gaps', () => {
    const sut = new EventTally();
    for (let i = 0; i < 100; i++) {
      sut.add(ev(i * 10, 'x'));
    }
    expect(sut.recentGaps()).toHaveLength(32);
  });
});
