import { SIM_EVENTS_RECENT, type SimEvent, type SimEventsQueryDto } from '@simscope/contracts';

export const EVENTS_DEFAULT_LIMIT = 100;

/** The last {@link SIM_EVENTS_RECENT} events of one simulation, oldest first. */
export class EventRing {
  private readonly items: SimEvent[] = [];

  constructor(private readonly capacity = SIM_EVENTS_RECENT) {}

  push(e: SimEvent): void {
    this.items.push(e);
    if (this.items.length > this.capacity) {
      this.items.splice(0, this.items.length - this.capacity);
    }
  }

  /** The newest `n`, oldest first. */
  last(n: number): SimEvent[] {
    return this.items.slice(-n);
  }

  /** Newest first, filtered; `nextCursor` is the seq to pass for the next (older) page. */
  page(query: Pick<SimEventsQueryDto, 'type' | 'since' | 'limit' | 'cursor'>): {
    items: SimEvent[];
    nextCursor: string | null;
  } {
    const limit = query.limit ?? EVENTS_DEFAULT_LIMIT;
    const before = query.cursor !== undefined ? Number(query.cursor) : Infinity;
    const sinceMs = query.since ? Date.parse(query.since) : -Infinity;
    const items: SimEvent[] = [];
    for (let i = this.items.length - 1; i >= 0; i--) {
      const e = this.items[i];
      if (e.seq >= before || (query.type !== undefined && e.type !== query.type)) {
        continue;
      }
      if (Date.parse(e.at) < sinceMs) {
        break;
      }
      if (items.length === limit) {
        return { items, nextCursor: String(items[items.length - 1].seq) };
      }
      items.push(e);
    }
    return { items, nextCursor: null };
  }
}
