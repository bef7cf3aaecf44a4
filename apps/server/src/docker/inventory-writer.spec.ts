import type { SimulationContainer } from '@simscope/contracts';
import { aContainer } from '../testing/factories.js';
import type { InventoryChange } from './inventory.js';
import { InventoryWriter } from './inventory-writer.js';

const tagged = {
  kind: 'tag',
  apply: (row: SimulationContainer, tag: string) => ({ ...row, role: tag }),
};
const upsert = (c: SimulationContainer) => ({ container: c, action: 'start', at: 0 });

describe('InventoryWriter annotations', () => {
  let sut: InventoryWriter;
  let changes: InventoryChange[];
  beforeEach(() => {
    sut = new InventoryWriter();
    changes = [];
    sut.changes$.subscribe((c) => changes.push(c));
  });

  it('republishes a row when an annotation is set or cleared, with a transition named after it', () => {
    const channel = sut.register(tagged);
    sut.write([upsert(aContainer('a'))]);
    channel.set('a', 'hot');
    channel.set('a', 'hot'); // the same value: nothing to publish
    channel.set('a', null);
    expect(changes.map((c) => c.updated.map((u) => u.container.role))).toEqual([
      [],
      ['hot'],
      [null],
    ]);
    expect(sut.inventory.get('a')?.transitions).toHaveLength(1); // the phase never moved
  });

  it('keeps annotations on rows rebuilt from Docker, and forgets them with the container', () => {
    const channel = sut.register(tagged);
    sut.write([upsert(aContainer('a'))]);
    channel.set('a', 'hot');
    sut.write([upsert(aContainer('a', { status: 'Up 2 minutes', image: 'new' }))]);
    expect(sut.inventory.get('a')?.container).toMatchObject({ role: 'hot', image: 'new' });
    expect(sut.inventory.get('a')?.facts.role).toBeNull();
    sut.write([], ['a']);
    sut.write([upsert(aContainer('a'))]);
    expect(sut.inventory.get('a')?.container.role).toBeNull();
  });

  it('ignores unknown ids and refuses a kind registered twice', () => {
    const channel = sut.register(tagged);
    channel.set('nope', 'hot');
    expect(changes).toEqual([]);
    expect(() => sut.register(tagged)).toThrow(/registered twice/);
  });
});
