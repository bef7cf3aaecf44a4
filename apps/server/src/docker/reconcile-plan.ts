import type { DiscoveredBy } from '@simscope/contracts';
import type { ContainerListItem } from '../adapters/docker/docker.types.js';
import { listSignature, needsInspect } from './list-signature.js';
import { matchSimulation, type MatchRules } from './match.js';

/** What the inventory already holds of one container, as far as a reconcile cares. */
export interface KnownEntry {
  id: string;
  host: string;
  listSignature: string | null;
}

export interface PlannedItem {
  item: ContainerListItem;
  by: DiscoveredBy;
  signature: string;
}

export interface ReconcilePlan {
  /** Simulations the list describes well enough: rebuilt from the list alone. */
  fromList: PlannedItem[];
  /** Simulations the list cannot describe (stopped, unhealthy, starting): inspected first. */
  toInspect: PlannedItem[];
  /** Known simulations of this host the list no longer shows (removed unless an event says otherwise). */
  gone: string[];
}

export interface PlanRules {
  host: string;
  match: MatchRules;
  includeStopped: boolean;
}

const STOPPED = new Set(['exited', 'dead', 'created', 'removing']);

/** Whether a container in this state is listed at all (stopped ones only when asked for). */
export const visible = (state: string, includeStopped: boolean): boolean =>
  includeStopped || !STOPPED.has(state);

/**
 * One list call against what is known: unchanged entries (same list signature) cost nothing,
 * changed ones are rebuilt from the list or inspected, and this host's entries missing from the
 * list are gone. Another host's entries are never touched. Pure.
 */
export function planReconcile(
  list: readonly ContainerListItem[],
  known: Iterable<KnownEntry>,
  rules: PlanRules,
): ReconcilePlan {
  const byId = new Map<string, KnownEntry>();
  for (const k of known) {
    if (k.host === rules.host) {
      byId.set(k.id, k);
    }
  }
  const plan: ReconcilePlan = { fromList: [], toInspect: [], gone: [] };
  const seen = new Set<string>();
  for (const item of list) {
    const by = matchSimulation(item.name, item.labels, rules.match);
    if (!by || !visible(item.state, rules.includeStopped)) {
      continue;
    }
    seen.add(item.id);
    const signature = listSignature(item);
    if (byId.get(item.id)?.listSignature === signature) {
      continue;
    }
    (needsInspect(item) ? plan.toInspect : plan.fromList).push({ item, by, signature });
  }
  for (const id of byId.keys()) {
    if (!seen.has(id)) {
      plan.gone.push(id);
    }
  }
  return plan;
}

/**
 * Events and a reconcile race: every id an event touched is stamped with a counter, and a reconcile
 * that began at `epoch` leaves alone whatever was stamped later, so it never undoes a newer event.
 */
export class TouchClock {
  private counter = 0;
  private readonly stamps = new Map<string, number>();

  /** A reconcile begins: the stamp it compares against. */
  begin(): number {
    return ++this.counter;
  }

  touch(id: string): void {
    this.stamps.set(id, ++this.counter);
  }

  /** Nothing touched the id since the reconcile that began at `epoch`. */
  untouchedSince(id: string, epoch: number): boolean {
    return (this.stamps.get(id) ?? 0) < epoch;
  }

  /** A reconcile ended: older stamps can no longer matter. */
  clear(): void {
    this.stamps.clear();
  }
}
