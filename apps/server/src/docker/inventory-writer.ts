import type { SimulationContainer } from '@simscope/contracts';
import { Subject } from 'rxjs';
import type { AnnotationChannel, Annotator } from './annotations.js';
import { Inventory, type InventoryChange, type Upsert } from './inventory.js';

/**
 * The one writer of the inventory: applies upserts and removals, publishes each change in sequence
 * order, and builds every row as Docker's facts plus the annotations other features published, so
 * a rebuilt row still carries them and an annotation never needs a change here.
 */
export class InventoryWriter {
  readonly inventory = new Inventory();
  private readonly changesSubject = new Subject<InventoryChange>();
  /** Every applied change, in sequence order. */
  readonly changes$ = this.changesSubject.asObservable();
  private readonly annotators: Annotator<unknown>[] = [];
  /** id → kind → value. */
  private readonly values = new Map<string, Map<string, unknown>>();

  /** Applies and publishes; removals forget their annotations, upserts are annotated. */
  write(upserts: Upsert[], removals: string[] = []): void {
    removals.forEach((id) => this.values.delete(id));
    this.publish(
      this.inventory.apply(
        upserts.map((u) => ({ ...u, facts: u.container, container: this.annotate(u.container) })),
        removals,
      ),
    );
  }

  register<T>(annotator: Annotator<T>): AnnotationChannel<T> {
    if (this.annotators.some((a) => a.kind === annotator.kind)) {
      throw new Error(`annotation ${annotator.kind} is registered twice`);
    }
    this.annotators.push(annotator);
    return { set: (id, value) => this.setAnnotation(annotator.kind, id, value) };
  }

  complete(): void {
    this.changesSubject.complete();
  }

  private setAnnotation(kind: string, id: string, value: unknown): void {
    const entry = this.inventory.get(id);
    const mine = this.values.get(id);
    if (!entry || (mine?.get(kind) ?? null) === value) {
      return;
    }
    if (value === null) {
      mine?.delete(kind);
    } else if (mine) {
      mine.set(kind, value);
    } else {
      this.values.set(id, new Map([[kind, value]]));
    }
    const container = this.annotate(entry.facts);
    this.publish(
      this.inventory.apply([
        {
          container,
          facts: entry.facts,
          action: value === null ? `${kind}_cleared` : kind,
          at: Date.now(),
        },
      ]),
    );
  }

  private annotate(facts: SimulationContainer): SimulationContainer {
    const mine = this.values.get(facts.id);
    if (!mine) {
      return facts;
    }
    return this.annotators.reduce(
      (row, a) => (mine.has(a.kind) ? a.apply(row, mine.get(a.kind)) : row),
      facts,
    );
  }

  private publish(change: InventoryChange | null): void {
    if (change) {
      this.changesSubject.next(change);
    }
  }
}
