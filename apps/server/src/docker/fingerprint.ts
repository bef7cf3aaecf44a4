import { createHash } from 'node:crypto';
import type { SimulationContainer } from '@simscope/contracts';

type Fingerprinted = Pick<
  SimulationContainer,
  'id' | 'name' | 'phase' | 'health' | 'restartCount' | 'cluster' | 'state'
> & { host?: string };

const MASK = (1n << 128n) - 1n;

/** 128 bits of SHA-256 over the fields that make a row what it is (nothing that ticks with time). */
function digest(c: Fingerprinted): bigint {
  const row = [c.host ?? '', c.id, c.name, c.state, c.phase, c.health, c.restartCount, c.cluster];
  const h = createHash('sha256').update(row.join('\u0000')).digest();
  return (h.readBigUInt64BE(0) << 64n) | h.readBigUInt64BE(8);
}

/**
 * A hash of what the inventory *is* — hosts, ids, names, state, phases, health, restarts and
 * clusters — kept as the sum (mod 2^128) of one digest per row, so a change costs the rows it
 * touches, not a sort and hash of every row. A sum does not depend on order: two observers of the
 * same state agree whatever order Docker answered in.
 */
export class FingerprintSet {
  private readonly digests = new Map<string, bigint>();
  private sum = 0n;

  set(c: Fingerprinted): void {
    const next = digest(c);
    const prev = this.digests.get(c.id) ?? 0n;
    this.digests.set(c.id, next);
    this.sum = (this.sum - prev + next) & MASK;
  }

  delete(id: string): void {
    const prev = this.digests.get(id);
    if (prev !== undefined) {
      this.digests.delete(id);
      this.sum = (this.sum - prev) & MASK;
    }
  }

  get value(): string {
    return this.sum.toString(16).padStart(32, '0');
  }
}

/** The fingerprint of a whole set of rows at once (the same value a FingerprintSet keeps). */
export function fingerprint(containers: Iterable<Fingerprinted>): string {
  const set = new FingerprintSet();
  for (const c of containers) {
    set.set(c);
  }
  return set.value;
}
