import type { SimEvent, SimEventsBatch } from '@simscope/contracts';

export interface EventsFollower {
  batch(batch: SimEventsBatch): void;
  end(end: { id: string; reason: string }): void;
}

interface Follower {
  sink: EventsFollower;
  tokens: number;
  refilledAt: number;
  dropped: number;
}

const BATCH_MS = 100;

/**
 * Who follows which simulation's events: new events go out in batches every 100 ms, each follower
 * within its own rate (the log follow's), the rest counted as dropped.
 */
export class EventFollowers {
  private readonly byId = new Map<string, Map<string, Follower>>();
  private readonly pending = new Map<string, SimEvent[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly perSecond: number) {}

  add(id: string, followerId: string, sink: EventsFollower): void {
    let followers = this.byId.get(id);
    if (!followers) {
      followers = new Map();
      this.byId.set(id, followers);
    }
    followers.set(followerId, { sink, tokens: this.perSecond, refilledAt: Date.now(), dropped: 0 });
  }

  remove(id: string, followerId: string): void {
    const followers = this.byId.get(id);
    followers?.delete(followerId);
    if (followers?.size === 0) {
      this.byId.delete(id);
      this.pending.delete(id);
      clearTimeout(this.timers.get(id));
      this.timers.delete(id);
    }
  }

  release(followerId: string): void {
    for (const [id, followers] of [...this.byId]) {
      if (followers.has(followerId)) {
        this.remove(id, followerId);
      }
    }
  }

  queue(id: string, events: SimEvent[]): void {
    if (!this.byId.has(id)) {
      return;
    }
    const pending = this.pending.get(id);
    if (pending) {
      pending.push(...events);
    } else {
      this.pending.set(id, [...events]);
    }
    if (!this.timers.has(id)) {
      this.timers.set(
        id,
        setTimeout(() => this.flush(id), BATCH_MS),
      );
    }
  }

  /** The simulation is gone: its followers are told, and forgotten. */
  end(id: string, reason: string): void {
    this.flush(id);
    for (const f of this.byId.get(id)?.values() ?? []) {
      f.sink.end({ id, reason });
    }
    this.byId.delete(id);
  }

  endAll(reason: string): void {
    for (const id of [...this.byId.keys()]) {
      this.end(id, reason);
    }
  }

  private flush(id: string): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    const events = this.pending.get(id) ?? [];
    this.pending.delete(id);
    const now = Date.now();
    for (const f of this.byId.get(id)?.values() ?? []) {
      f.tokens = Math.min(
        this.perSecond,
        f.tokens + ((now - f.refilledAt) / 1000) * this.perSecond,
      );
      f.refilledAt = now;
      const allowed = Math.min(events.length, Math.floor(f.tokens));
      f.tokens -= allowed;
      f.dropped += events.length - allowed;
      if (allowed > 0 || f.dropped > 0) {
        // The newest within the rate: a follower that falls behind sees where the simulation is.
        f.sink.batch({ id, events: events.slice(events.length - allowed), dropped: f.dropped });
        f.dropped = 0;
      }
    }
  }
}
