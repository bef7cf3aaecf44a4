import type { SimulationContainer } from '@simscope/contracts';
import type { InventoryChange } from '../docker/inventory-reader.js';
import { realClock, type Clock } from '../runtime/clock.js';

export interface MergedChange {
  fromSequence: number;
  sequence: number;
  /** Containers added or updated in the window, each as of its newest change. */
  upserted: Map<string, SimulationContainer>;
  /** Ids removed in the window, with the cluster and engine they were in. */
  removed: Map<string, { cluster: string; host: string }>;
  /** Clusters any of them were in (before or after). */
  clusters: Set<string>;
}

export function merge(changes: InventoryChange[]): MergedChange {
  const first = changes[0];
  const last = changes[changes.length - 1];
  if (!first || !last) {
    throw new Error('merge needs at least one change');
  }
  const merged: MergedChange = {
    fromSequence: first.sequence - 1,
    sequence: last.sequence,
    upserted: new Map(),
    removed: new Map(),
    clusters: new Set(),
  };
  for (const change of changes) {
    for (const c of [...change.added, ...change.updated.map((u) => u.container)]) {
      merged.upserted.set(c.id, c);
      merged.removed.delete(c.id);
      merged.clusters.add(c.cluster);
    }
    for (const r of change.removed) {
      merged.upserted.delete(r.id);
      merged.removed.set(r.id, { cluster: r.cluster, host: r.host });
      merged.clusters.add(r.cluster);
    }
  }
  return merged;
}

/**
 * Leading edge when quiet, merged while busy: the first change after a quiet window is flushed at
 * once; changes arriving during a burst are merged until `windowMs` passes without one, and never
 * held longer than `maxWaitMs` after the first merged change.
 */
export class Coalescer {
  private buffer: InventoryChange[] = [];
  private firstBufferedAt: number | null = null;
  private busy = false;
  private timer: unknown = null;

  constructor(
    private readonly flush: (merged: MergedChange) => void,
    private readonly windowMs: number,
    private readonly maxWaitMs: number,
    private readonly clock: Clock = realClock,
  ) {}

  push(change: InventoryChange): void {
    if (!this.busy) {
      this.busy = true;
      this.flush(merge([change]));
      this.arm();
      return;
    }
    this.buffer.push(change);
    this.firstBufferedAt ??= this.clock.now();
    this.arm();
  }

  /** Flushes whatever is buffered now (shutdown, tests). */
  drain(): void {
    this.cancel();
    this.emitBuffered();
    this.busy = false;
  }

  private arm(): void {
    this.cancel();
    const now = this.clock.now();
    const deadline =
      this.firstBufferedAt === null
        ? now + this.windowMs
        : Math.min(now + this.windowMs, this.firstBufferedAt + this.maxWaitMs);
    this.timer = this.clock.setTimeout(() => this.onTimer(), Math.max(0, deadline - now));
  }

  private onTimer(): void {
    this.timer = null;
    if (this.buffer.length === 0) {
      this.busy = false; // a whole window without changes: quiet again
      return;
    }
    this.emitBuffered();
    this.arm();
  }

  private emitBuffered(): void {
    if (this.buffer.length > 0) {
      const changes = this.buffer;
      this.buffer = [];
      this.firstBufferedAt = null;
      this.flush(merge(changes));
    }
  }

  private cancel(): void {
    if (this.timer !== null) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
    }
  }
}
