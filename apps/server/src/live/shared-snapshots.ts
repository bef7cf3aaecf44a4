import type { DockerSimulationsPayload } from '@simscope/contracts';
import { realClock, type Clock } from '../runtime/clock.js';
import { encodeEvent, type EncodedEvent, type PacketEncoder } from './encoded-event.js';

/** A live subscriber's scope: clusters and engines (null: all of them). */
export interface SnapshotScope {
  clusters: string[] | null;
  hosts: string[] | null;
}

/**
 * The connect-time snapshot per scope, encoded once and shared by every socket that asks while the
 * inventory stands still, for at most `reuseMs` (so `generatedAt` and the engines' counts stay
 * fresh); `clear()` when Docker's status changes, which a snapshot carries. A reconnect storm of a
 * thousand viewers then costs one encoding of the inventory, not one per viewer.
 */
export class SharedSnapshots {
  private readonly byScope = new Map<
    string,
    { sequence: number; at: number; encoded: EncodedEvent }
  >();

  constructor(
    private readonly build: (scope: SnapshotScope) => DockerSimulationsPayload,
    private readonly reuseMs = 1000,
    private readonly clock: Pick<Clock, 'now'> = realClock,
  ) {}

  get(encoder: PacketEncoder, scope: SnapshotScope, sequence: number): EncodedEvent {
    const key = JSON.stringify([scope.clusters, scope.hosts]);
    const now = this.clock.now();
    const cached = this.byScope.get(key);
    if (cached && cached.sequence === sequence && now - cached.at < this.reuseMs) {
      return cached.encoded;
    }
    for (const [k, v] of this.byScope) {
      if (now - v.at >= this.reuseMs) {
        this.byScope.delete(k);
      }
    }
    const payload = this.build(scope);
    const encoded = encodeEvent(encoder, 'docker_simulations', payload);
    this.byScope.set(key, { sequence, at: now, encoded });
    return encoded;
  }

  clear(): void {
    this.byScope.clear();
  }
}
