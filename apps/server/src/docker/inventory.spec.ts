import type { Phase, SimulationContainer } from '@simscope/contracts';
import { aContainer } from '../testing/factories.js';
import { Inventory } from './inventory.js';

const container = aContainer;
const upsert = (c: SimulationContainer, action = 'start') => ({ container: c, action, at: 1000 });

describe('Inventory', () => {
  it('adds, updates with the previous phase, and removes, one sequence step per apply', () => {
    const sut = new Inventory();

    const added = sut.apply([upsert(container('a')), upsert(container('b'))]);
    const updated = sut.apply([
      upsert(container('a', { state: 'exited', phase: 'failed' as Phase }), 'die'),
    ]);
    const removed = sut.apply([], ['b']);

    expect(added).toMatchObject({ sequence: 1, added: [{ id: 'a' }, { id: 'b' }] });
    expect(updated).toMatchObject({
      sequence: 2,
      updated: [{ previousPhase: 'running', container: { phase: 'failed' } }],
    });
    expect(removed).toMatchObject({
      sequence: 3,
      removed: [{ id: 'b', previousPhase: 'running' }],
    });
    expect(sut.size).toBe(1);
    expect(sut.get('a')?.transitions.map((t) => [t.action, t.from, t.to])).toEqual([
      ['start', null, 'running'],
      ['die', 'running', 'failed'],
    ]);
  });

  it('does not count status text or reasons as a change', () => {
    const sut = new Inventory();
    sut.apply([upsert(container('a'))]);

    const change = sut.apply([upsert(container('a', { status: 'Up 5 minutes', reasons: ['x'] }))]);

    expect(change).toBeNull();
    expect(sut.sequence).toBe(1);
  });

  it('ignores the removal of an unknown id', () => {
    expect(new Inventory().apply([], ['nope'])).toBeNull();
  });

  it('keeps the fingerprint in step with the content', () => {
    const sut = new Inventory();
    const empty = sut.fingerprint;
    sut.apply([upsert(container('a'))]);
    const one = sut.fingerprint;
    sut.apply([], ['a']);

    expect(one).not.toBe(empty);
    expect(sut.fingerprint).toBe(empty);
  });

  it('remembers exits and OOMs that arrive before the container is known', () => {
    const sut = new Inventory();
    sut.recordExit('a', 10);
    sut.recordOom('a', 11);

    sut.apply([upsert(container('a'))]);

    expect(sut.history('a')).toEqual({ exits: [10], oomAt: 11 });
  });
});
