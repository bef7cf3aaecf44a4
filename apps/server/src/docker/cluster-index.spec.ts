import type { Phase } from '@simscope/contracts';
import { aContainer } from '../testing/factories.js';
import { summariseClusters } from './cluster.js';
import { ClusterIndex } from './cluster-index.js';
import type { InventoryChange } from './inventory.js';

const c = (id: string, cluster: string, phase: Phase = 'running') =>
  aContainer(id, { cluster, phase });
const change = (
  added: ReturnType<typeof c>[] = [],
  updated: ReturnType<typeof c>[] = [],
  removed: string[] = [],
): Pick<InventoryChange, 'added' | 'updated' | 'removed'> => ({
  added,
  updated: updated.map((container) => ({ container, previousPhase: 'running' })),
  removed: removed.map((id) => ({
    id,
    previousPhase: 'running',
    cluster: '',
    host: 'local',
  })),
});

describe('ClusterIndex', () => {
  it('matches a full re-summary after every step, touching only the clusters involved', () => {
    const sut = new ClusterIndex();
    const rows = new Map<string, ReturnType<typeof c>>();
    const steps = [
      change([c('a', 'x'), c('b', 'x'), c('d', 'y')]),
      change([], [c('a', 'x', 'crashloop')]),
      change([], [c('b', 'z')]), // moves from x to z
      change([], [], ['d']), // y empties
    ];
    const touched = steps.map((step) => {
      step.added.forEach((r) => rows.set(r.id, r));
      step.updated.forEach((u) => rows.set(u.container.id, u.container));
      step.removed.forEach((r) => rows.delete(r.id));
      const t = sut.apply(step);
      expect(sut.all()).toEqual(summariseClusters(rows.values()));
      return [...t].sort();
    });
    expect(touched).toEqual([['x', 'y'], ['x'], ['x', 'z'], ['y']]);
    expect(sut.get('y')).toBeUndefined();
    expect(sut.get('x')?.counts.crashloop).toBe(1);
  });
});
