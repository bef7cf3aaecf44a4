import type { LifecycleTransition, Phase, SimulationContainer } from '@simscope/contracts';
import type { ContainerDetails } from '../adapters/docker/docker.types.js';
import { FingerprintSet } from './fingerprint.js';
import type { History } from './to-simulation.js';

const MAX_TRANSITIONS = 30;
const MAX_EXITS = 50;

export interface Entry {
  /** The row as served: facts plus annotations. */
  container: SimulationContainer;
  /** The row as Docker alone describes it. */
  facts: SimulationContainer;
  details: ContainerDetails | null;
  /** What the list call said last time, minus what ticks with time; equal means nothing to inspect. */
  listSignature: string | null;
  history: History;
  transitions: LifecycleTransition[];
}

export interface Upsert {
  container: SimulationContainer;
  /** Docker's facts alone (default: the container itself). */
  facts?: SimulationContainer;
  details?: ContainerDetails | null;
  listSignature?: string | null;
  /** The Docker event that caused it, or `observed` for a reconcile. */
  action: string;
  at: number;
}

/** One applied change, for the live stream and the other modules. */
export interface InventoryChange {
  sequence: number;
  fingerprint: string;
  added: SimulationContainer[];
  updated: { container: SimulationContainer; previousPhase: Phase }[];
  removed: { id: string; previousPhase: Phase; cluster: string; host: string }[];
}

/** Fields whose change is a change; status text and reasons tick with time and are not. */
function sameContainer(a: SimulationContainer, b: SimulationContainer): boolean {
  const replacer = (key: string, value: unknown) =>
    key === 'status' || key === 'reasons' ? undefined : value;
  return JSON.stringify(a, replacer) === JSON.stringify(b, replacer);
}

/**
 * The in-memory inventory: entries by id, a sequence that moves on every applied change, and a
 * fingerprint of the whole. No I/O: the Docker source feeds it.
 */
export class Inventory {
  private readonly entries = new Map<string, Entry>();
  /** Exit and OOM history for ids not (yet) in the inventory: events can precede the inspect. */
  private readonly pendingHistory = new Map<string, History>();
  private seq = 0;
  private readonly print = new FingerprintSet();

  get sequence(): number {
    return this.seq;
  }

  get fingerprint(): string {
    return this.print.value;
  }

  get size(): number {
    return this.entries.size;
  }

  get(id: string): Entry | undefined {
    return this.entries.get(id);
  }

  values(): IterableIterator<Entry> {
    return this.entries.values();
  }

  ids(): IterableIterator<string> {
    return this.entries.keys();
  }

  history(id: string): History {
    return (
      this.entries.get(id)?.history ?? this.pendingHistory.get(id) ?? { exits: [], oomAt: null }
    );
  }

  recordExit(id: string, at: number): void {
    const h = this.mutableHistory(id);
    h.exits = [...h.exits, at].slice(-MAX_EXITS);
  }

  recordOom(id: string, at: number): void {
    this.mutableHistory(id).oomAt = at;
  }

  /** Applies upserts and removals together; returns the change, or null when nothing changed. */
  apply(upserts: Upsert[], removals: string[] = []): InventoryChange | null {
    const change: Omit<InventoryChange, 'sequence' | 'fingerprint'> = {
      added: [],
      updated: [],
      removed: [],
    };
    for (const u of upserts) {
      const prev = this.entries.get(u.container.id);
      if (!prev) {
        this.entries.set(u.container.id, {
          container: u.container,
          facts: u.facts ?? u.container,
          details: u.details ?? null,
          listSignature: u.listSignature ?? null,
          history: this.pendingHistory.get(u.container.id) ?? { exits: [], oomAt: null },
          transitions: [{ at: iso(u.at), action: u.action, from: null, to: u.container.phase }],
        });
        this.pendingHistory.delete(u.container.id);
        this.print.set(u.container);
        change.added.push(u.container);
        continue;
      }
      if (u.details !== undefined) {
        prev.details = u.details;
      }
      if (u.listSignature !== undefined) {
        prev.listSignature = u.listSignature;
      }
      const previousPhase = prev.container.phase;
      if (previousPhase !== u.container.phase) {
        prev.transitions = [
          ...prev.transitions,
          { at: iso(u.at), action: u.action, from: previousPhase, to: u.container.phase },
        ].slice(-MAX_TRANSITIONS);
      }
      const changed = !sameContainer(prev.container, u.container);
      prev.container = u.container;
      prev.facts = u.facts ?? u.container;
      if (changed) {
        this.print.set(u.container);
        change.updated.push({ container: u.container, previousPhase });
      }
    }
    for (const id of removals) {
      const prev = this.entries.get(id);
      if (prev) {
        this.entries.delete(id);
        this.print.delete(id);
        change.removed.push({
          id,
          previousPhase: prev.container.phase,
          cluster: prev.container.cluster,
          host: prev.container.host,
        });
      }
      this.pendingHistory.delete(id);
    }
    if (change.added.length + change.updated.length + change.removed.length === 0) {
      return null;
    }
    this.seq++;
    return { ...change, sequence: this.seq, fingerprint: this.print.value };
  }

  private mutableHistory(id: string): History {
    const entry = this.entries.get(id);
    if (entry) {
      return entry.history;
    }
    let h = this.pendingHistory.get(id);
    if (!h) {
      h = { exits: [], oomAt: null };
      this.pendingHistory.set(id, h);
      // Bound memory: history for containers that never become simulations is dropped oldest first.
      if (this.pendingHistory.size > 5000) {
        const oldest = this.pendingHistory.keys().next().value;
        if (oldest !== undefined) {
          this.pendingHistory.delete(oldest);
        }
      }
    }
    return h;
  }
}

const iso = (ms: number): string => new Date(ms).toISOString();
