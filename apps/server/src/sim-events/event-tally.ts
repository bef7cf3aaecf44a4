import { SIM_EVENT_MAX_TYPES, type SimEvent, type SimEventSummary } from '@simscope/contracts';
import { isErrorEvent } from './sim-event.js';

/** Tick samples kept for the rate: about one per second over the last minute. */
const TICK_SAMPLES = 60;
const TICK_SAMPLE_MS = 1000;
const RATE_WINDOW_MS = 60_000;
/** Gaps between events kept for the default stall window. */
const GAPS = 32;

/**
 * What a simulation's events add up to: counts, the latest tick and progress, a tick rate and
 * the recent gaps between events. Deterministic (times come from the events); the service keeps
 * one per followed simulation.
 */
export class EventTally {
  private total = 0;
  private errors = 0;
  private cut = 0;
  private tick: number | null = null;
  private progress: number | null = null;
  private lastAtMs: number | null = null;
  private lastAt: string | null = null;
  private lastType: string | null = null;
  private readonly counts: Record<string, number> = {};
  private types = 0;
  /** [atMs, tick], oldest first. */
  private readonly ticks: Array<[number, number]> = [];
  private readonly gaps: number[] = [];

  add(e: SimEvent): void {
    const atMs = Date.parse(e.at);
    this.total++;
    if (isErrorEvent(e)) {
      this.errors++;
    }
    const key = e.type in this.counts || this.types < SIM_EVENT_MAX_TYPES ? e.type : 'other';
    if (!(key in this.counts)) {
      this.types++;
    }
    this.counts[key] = (this.counts[key] ?? 0) + 1;
    if (this.lastAtMs !== null && atMs >= this.lastAtMs) {
      this.gaps.push(atMs - this.lastAtMs);
      if (this.gaps.length > GAPS) {
        this.gaps.shift();
      }
    }
    if (this.lastAtMs === null || atMs >= this.lastAtMs) {
      this.lastAtMs = atMs;
      this.lastAt = e.at;
    }
    this.lastType = e.type;
    if (e.tick !== null) {
      this.tick = e.tick;
      this.sampleTick(atMs, e.tick);
    }
    if (e.progress !== null) {
      this.progress = e.progress;
    }
  }

  /** A line over the size cap (cut, not read). */
  addCut(n = 1): void {
    this.cut += n;
  }

  get lastEventAtMs(): number | null {
    return this.lastAtMs;
  }

  /** Gaps between the recent events, in ms (for the default stall window). */
  recentGaps(): readonly number[] {
    return this.gaps;
  }

  summary(): SimEventSummary {
    return {
      total: this.total,
      tick: this.tick,
      ticksPerMinute: this.ticksPerMinute(),
      progress: this.progress,
      errors: this.errors,
      lastEventAt: this.lastAt,
      lastType: this.lastType,
      countsByType: { ...this.counts },
      cutLines: this.cut,
    };
  }

  /** Ticks per minute between the oldest and newest tick sample of the last minute. */
  ticksPerMinute(): number | null {
    const last = this.ticks.at(-1);
    if (!last) {
      return null;
    }
    const first = this.ticks.find(([at]) => last[0] - at <= RATE_WINDOW_MS) ?? last;
    const spanMs = last[0] - first[0];
    if (spanMs <= 0 || last[1] < first[1]) {
      return null;
    }
    return Math.round(((last[1] - first[1]) / spanMs) * 60_000 * 10) / 10;
  }

  private sampleTick(atMs: number, tick: number): void {
    const last = this.ticks.at(-1);
    if (last && tick < last[1]) {
      // The simulation started over: the rate starts over with it.
      this.ticks.length = 0;
    }
    const prev = this.ticks.at(-1);
    const beforePrev = this.ticks.at(-2);
    if (prev && beforePrev && atMs - beforePrev[0] < TICK_SAMPLE_MS) {
      // Within a second of the sample before: the newest one moves instead of adding another.
      this.ticks[this.ticks.length - 1] = [atMs, tick];
    } else {
      this.ticks.push([atMs, tick]);
    }
    if (this.ticks.length > TICK_SAMPLES) {
      this.ticks.shift();
    }
  }
}
