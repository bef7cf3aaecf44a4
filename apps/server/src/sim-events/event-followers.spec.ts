import { jest } from '@jest/globals';
import type { SimEventsBatch } from '@simscope/contracts';
import { aSimEvent } from '../testing/factories.js';
import { EventFollowers } from './event-followers.js';

const events = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => aSimEvent(from + i));

describe('EventFollowers', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function follower() {
    const batches: SimEventsBatch[] = [];
    const ends: string[] = [];
    return {
      batches,
      ends,
      sink: {
        batch: (b: SimEventsBatch) => batches.push(b),
        end: (e: { reason: string }) => ends.push(e.reason),
      },
    };
  }

  it('batches every 100 ms, within each follower’s rate: the newest go, the rest are counted', () => {
    const sut = new EventFollowers(5);
    const f = follower();
    sut.add('a', 's1', f.sink);
    sut.queue('a', events(1, 3));
    sut.queue('a', events(4, 5));
    jest.advanceTimersByTime(100);

    expect(f.batches).toEqual([{ id: 'a', events: events(4, 5), dropped: 3 }]);
  });

  it('queues nothing for a simulation no one follows, and stops with the last follower', () => {
    const sut = new EventFollowers(100);
    const f = follower();
    sut.queue('a', events(1, 2));
    sut.add('a', 's1', f.sink);
    sut.queue('a', events(3, 1));
    sut.release('s1');
    jest.advanceTimersByTime(100);
    expect(f.batches).toEqual([]);
  });

  it('tells its followers when the simulation ends, after what was pending', () => {
    const sut = new EventFollowers(100);
    const f = follower();
    sut.add('a', 's1', f.sink);
    sut.queue('a', events(1, 2));
    sut.end('a', 'the simulation is gone');
    expect(f.batches).toEqual([{ id: 'a', events: events(1, 2), dropped: 0 }]);
    expect(f.ends).toEqual(['the simulation is gone']);
  });
});
