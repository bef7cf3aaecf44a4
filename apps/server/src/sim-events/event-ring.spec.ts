import type { SimEvent } from '@simscope/contracts';
import { aSimEvent } from '../testing/factories.js';
import { EventRing } from './event-ring.js';

const ev = (seq: number, type = 'tick'): SimEvent => aSimEvent(seq, { type, tick: seq });

function ring(n: number, capacity = 500): EventRing {
  const sut = new EventRing(capacity);
  for (let i = 1; i <= n; i++) {
    sut.push(ev(i, i % 3 === 0 ? 'error' : 'tick'));
  }
  return sut;
}

const seqs = (p: { items: SimEvent[] }): number[] => p.items.map((e) => e.seq);

describe('EventRing', () => {
  it('keeps the newest up to its capacity', () => {
    const sut = ring(10, 4);
    expect(sut.last(10).map((e) => e.seq)).toEqual([7, 8, 9, 10]);
  });

  it.each([
    ['newest first, default limit', {}, [10, 9, 8, 7, 6, 5, 4, 3, 2, 1], null],
    ['a limit', { limit: 3 }, [10, 9, 8], '8'],
    ['the next page', { limit: 3, cursor: '8' }, [7, 6, 5], '5'],
    ['the last page', { limit: 3, cursor: '2' }, [1], null],
    ['a type', { type: 'error' }, [9, 6, 3], null],
    ['a type and a limit', { type: 'error', limit: 2 }, [9, 6], '6'],
    ['since', { since: '2026-11-23T10:00:08Z' }, [10, 9, 8], null],
    ['an exact page has no next cursor', { limit: 10 }, [10, 9, 8, 7, 6, 5, 4, 3, 2, 1], null],
  ])('%s', (_, query, expected, next) => {
    const page = ring(10).page(query);
    expect(seqs(page)).toEqual(expected);
    expect(page.nextCursor).toBe(next);
  });
});
