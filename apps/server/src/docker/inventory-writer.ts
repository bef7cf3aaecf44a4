import { Subject } from 'rxjs';
import { Inventory, type InventoryChange, type Upsert } from './inventory.js';
import { withMemoryPressure } from './memory-pressure.js';

/**
 * The one writer of the inventory: applies upserts and removals, publishes each change in sequence
 * order, and keeps the annotations that do not come from Docker itself (sustained memory pressure
 * from the stats sampler), so every rebuilt container still carries them.
 */
export class InventoryWriter {
  readonly inventory = new Inventory();
  private readonly changesSubject = new Subject<InventoryChange>();
  /** Every applied change, in sequence order. */
  readonly changes$ = this.changesSubject.asObservable();
  private readonly pressure = new Map<string, string>();

  /** Applies and publishes; removals forget their annotations, upserts carry them. */
  write(upserts: Upsert[], removals: string[] = []): void {
    removals.forEach((id) => this.pressure.delete(id));
    this.publish(
      this.inventory.apply(
        upserts.map((u) => {
          const reason = this.pressure.get(u.container.id) ?? null;
          return reason ? { ...u, container: withMemoryPressure(u.container, reason) } : u;
        }),
        removals,
      ),
    );
  }

  /** Sustained memory pressure (null: gone); the container is republished when that changes it. */
  setMemoryPressure(id: string, reason: string | null): void {
    const entry = this.inventory.get(id);
    if (!entry || (this.pressure.get(id) ?? null) === reason) {
      return;
    }
    if (reason) {
      this.pressure.set(id, reason);
    } else {
      this.pressure.delete(id);
    }
    const container = withMemoryPressure(entry.container, reason);
    if (container !== entry.container) {
      this.publish(
        this.inventory.apply([
          {
            container,
            details: entry.details,
            listSignature: entry.listSignature,
            action: reason ? 'memory_pressure' : 'memory_pressure_cleared',
            at: Date.now(),
          },
        ]),
      );
    }
  }

  complete(): void {
    this.changesSubject.complete();
  }

  private publish(change: InventoryChange | null): void {
    if (change) {
      this.changesSubject.next(change);
    }
  }
}
