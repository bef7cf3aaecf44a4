import type { SimulationContainer } from '@simscope/contracts';
import type { InventoryChange } from '../docker/inventory-reader.js';
import { FakeClock } from '../testing/fake-clock.js';
import { Coalescer, merge, type MergedChange } from './coalescer.js';

const c = (id: string, cluster = 'c') => ({ id, cluster }) as SimulationContainer;
let seq = 0;
const added = (id: string, cluster = 'c'): InventoryChange => ({
  sequence: ++seq,
  fingerprint: 'f',
  added: [c(id, cluster)],
  updated: [],
  removed: [],
});
const removed = (id: string, cluster = 'c'): InventoryChange => ({
  sequence: ++seq,
  fingerprint: 'f',
  added: [],
  updated: [],
  removed: [{ id, cluster, host: 'local', previousPhase: 'running' }],
});

describe('Coalescer', () => {
  let clock: FakeClock;
  let flushed: { at: number; merged: MergedChange }[];
  let sut: Coalescer;
  beforeEach(() => {
    seq = 0;
    clock = new FakeClock();
    flushed = [];
    sut = new Coalescer((merged) => flushed.push({ at: clock.t, merged }), 25, 250, clock);
  });

  it('sends the first change after a quiet period at once', () => {
    sut.push(added('a'));
    expect(flushed).toHaveLength(1);
    expect(flushed[0]).toMatchObject({ at: 0, merged: { fromSequence: 0, sequence: 1 } });
  });

  it('merges what arrives during a burst and sends it when the window passes quietly', () => {
    sut.push(added('a'));
    clock.advance(5);
    sut.push(added('b'));
    clock.advance(5);
    sut.push(added('c'));
    clock.advance(24);
    expect(flushed).toHaveLength(1);
    clock.advance(1);
    expect(flushed).toHaveLength(2);
    expect(flushed[1]?.merged).toMatchObject({ fromSequence: 1, sequence: 3 });
    expect([...(flushed[1]?.merged.upserted.keys() ?? [])]).toEqual(['b', 'c']);
  });

  it('never holds a change longer than the max wait, even in an endless burst', () => {
    sut.push(added('first'));
    for (let i = 0; i < 100; i++) {
      clock.advance(10);
      sut.push(added(`x${i}`));
    }
    const gaps = flushed.slice(1).map((f, i) => f.at - (flushed[i]?.at ?? 0));
    expect(flushed.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(250 + 10);
  });

  it('is quiet again after a window without changes', () => {
    sut.push(added('a'));
    clock.advance(30);
    sut.push(added('b'));
    expect(flushed.map((f) => f.at)).toEqual([0, 30]);
  });

  it('covers every sequence exactly once across flushes', () => {
    for (let i = 0; i < 50; i++) {
      sut.push(added(`c${i}`));
      clock.advance(i % 7);
    }
    clock.advance(300);
    const ranges = flushed.map((f) => [f.merged.fromSequence, f.merged.sequence]);
    for (let i = 1; i < ranges.length; i++) {
      expect(ranges[i]?.[0]).toBe(ranges[i - 1]?.[1]);
    }
    expect(ranges.at(-1)?.[1]).toBe(50);
  });
});

describe('merge', () => {
  beforeEach(() => (seq = 0));

  it.each<[string, () => InventoryChange[], string[], string[]]>([
    ['adds', () => [added('a'), added('b')], ['a', 'b'], []],
    ['add then remove leaves a removal', () => [added('a'), removed('a')], [], ['a']],
    ['remove of an old one', () => [removed('z'), added('a')], ['a'], ['z']],
  ])('%s', (_case, changes, upserted, removals) => {
    const sut = merge(changes());
    expect([...sut.upserted.keys()]).toEqual(upserted);
    expect([...sut.removed.keys()]).toEqual(removals);
  });

  it('collects the clusters touched', () => {
    expect([...merge([added('a', 'x'), removed('b', 'y')]).clusters].sort()).toEqual(['x', 'y']);
  });
});
