import type { Note } from '@simscope/contracts';
import { Postings } from './postings.js';

/** Where a note's line is: segment number, byte offset and length (without the newline). */
export interface NoteLocation {
  segment: number;
  offset: number;
  length: number;
}

/** The fields a note can be filtered by; all given ones must hold. */
export interface NoteFilter {
  category?: string;
  severity?: string;
  tag?: string;
  target?: string;
  source?: string;
  /** createdAt bounds, in ms since the epoch, inclusive. */
  sinceMs?: number;
  untilMs?: number;
}

export interface NoteIndexDump {
  ids: string[];
  times: Float64Array<ArrayBuffer>;
  segments: Uint16Array<ArrayBuffer>;
  offsets: Float64Array<ArrayBuffer>;
  lengths: Uint32Array<ArrayBuffer>;
  postings: [string, Uint32Array<ArrayBuffer>][];
}

function grow<T extends Float64Array | Uint32Array | Uint16Array>(a: T, need: number): T {
  if (need <= a.length) {
    return a;
  }
  const next = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  next.set(a);
  return next;
}

/** Keys of the posting lists a note is in (a repeated tag or target repeats its key). */
export function postingKeys(
  n: Pick<Note, 'category' | 'severity' | 'tags' | 'targets' | 'source'>,
): string[] {
  const keys = [`c:${n.category}`, `s:${n.severity}`, `o:${n.source}`];
  for (const t of n.tags) {
    keys.push(`t:${t}`);
  }
  for (const t of n.targets) {
    keys.push(`x:${t.id}`);
  }
  return keys;
}

function filterKeys(f: NoteFilter): string[] {
  const keys: string[] = [];
  if (f.category !== undefined) {
    keys.push(`c:${f.category}`);
  }
  if (f.severity !== undefined) {
    keys.push(`s:${f.severity}`);
  }
  if (f.source !== undefined) {
    keys.push(`o:${f.source}`);
  }
  if (f.tag !== undefined) {
    keys.push(`t:${f.tag}`);
  }
  if (f.target !== undefined) {
    keys.push(`x:${f.target}`);
  }
  return keys;
}

/**
 * What the server keeps in memory about the notes: per note its id, time and where its line is,
 * and one posting list per category, severity, source, tag and target. Ordinals are positions in
 * id order. A filtered read walks the shortest posting list backwards and checks the others by
 * binary search, so its cost follows the matches, not the size of the record. Pure; no I/O.
 */
export class NoteIndex {
  private ids: string[] = [];
  private times = new Float64Array(1024);
  private segments = new Uint16Array(1024);
  private offsets = new Float64Array(1024);
  private lengths = new Uint32Array(1024);
  private postings = new Map<string, Postings>();
  /** Ordinals below this are archived: never returned, not counted. */
  private first = 0;
  /** Entries were added out of id order since the last `seal` (start-up only). */
  private unsorted = false;
  private sealed = false;
  /** Bumped whenever ordinals change meaning (a late out-of-order add re-sorted the index). */
  generation = 0;

  get size(): number {
    return this.ids.length - this.first;
  }

  /**
   * Everything but the archived entries, trimmed to size, as structured-cloneable parts. Archived
   * segments are the oldest `archivedSegments`; the segment numbers of the rest shift down by that.
   */
  dump(archivedSegments = 0): NoteIndexDump {
    this.seal();
    const from = this.first;
    const to = this.ids.length;
    return {
      ids: this.ids.slice(from),
      times: this.times.slice(from, to),
      segments: this.segments.slice(from, to).map((s) => s - archivedSegments),
      offsets: this.offsets.slice(from, to),
      lengths: this.lengths.slice(from, to),
      postings: [...this.postings]
        .map(([key, list]): [string, Uint32Array<ArrayBuffer>] => [
          key,
          list.items.slice(list.lowerBound(from), list.size).map((o) => o - from),
        ])
        .filter(([, items]) => items.length > 0),
    };
  }

  static restore(d: NoteIndexDump): NoteIndex {
    const index = new NoteIndex();
    index.ids = d.ids;
    index.times = d.times;
    index.segments = d.segments;
    index.offsets = d.offsets;
    index.lengths = d.lengths;
    index.postings = new Map(d.postings.map(([key, items]) => [key, Postings.of(items)]));
    index.sealed = true;
    return index;
  }

  get lastId(): string | undefined {
    return this.ids.at(-1);
  }

  /** Adds a note; returns its ordinal. Out-of-order ids are allowed only until `seal`. */
  add(
    note: Pick<Note, 'id' | 'createdAt' | 'category' | 'severity' | 'tags' | 'targets' | 'source'>,
    at: NoteLocation,
    timeMs = Date.parse(note.createdAt),
  ): number {
    const ordinal = this.ids.length;
    const last = this.ids.at(-1);
    if (last !== undefined && note.id < last) {
      this.unsorted = true;
    }
    this.ids.push(note.id);
    const n = ordinal + 1;
    this.times = grow(this.times, n);
    this.segments = grow(this.segments, n);
    this.offsets = grow(this.offsets, n);
    this.lengths = grow(this.lengths, n);
    this.times[ordinal] = timeMs;
    this.segments[ordinal] = at.segment;
    this.offsets[ordinal] = at.offset;
    this.lengths[ordinal] = at.length;
    for (const key of postingKeys(note)) {
      let list = this.postings.get(key);
      if (!list) {
        list = new Postings();
        this.postings.set(key, list);
      }
      if (list.items[list.size - 1] !== ordinal || list.size === 0) {
        list.push(ordinal); // once per list, however often a note repeats a tag
      }
    }
    if (this.sealed && this.unsorted) {
      // Live ids grow, so this should not happen; if it does, stay correct at the price of a sort.
      this.seal();
      this.generation++;
      return this.lowerBoundId(note.id);
    }
    return ordinal;
  }

  /**
   * Puts entries loaded out of id order into order (a file joined from two, a clock that went back);
   * until then their ordinals are provisional. Live appends come in id order (the store's ids grow).
   */
  seal(): void {
    this.sealed = true;
    if (!this.unsorted) {
      return;
    }
    const ids = this.ids;
    const order = Array.from(ids.keys()).sort((a, b) => {
      const x = ids[a] ?? '';
      const y = ids[b] ?? '';
      return x < y ? -1 : x > y ? 1 : a - b;
    });
    const rename = new Uint32Array(order.length);
    order.forEach((old, ordinal) => (rename[old] = ordinal));
    const pick = <T extends Float64Array | Uint16Array | Uint32Array>(a: T): T =>
      a.map((_, i) => (i < order.length ? (a[order[i] ?? 0] ?? 0) : 0)) as T;
    this.ids = order.map((o) => ids[o] ?? '');
    this.times = pick(this.times);
    this.segments = pick(this.segments);
    this.offsets = pick(this.offsets);
    this.lengths = pick(this.lengths);
    this.postings.forEach((list) => list.remap(rename));
    this.unsorted = false;
  }

  location(ordinal: number): NoteLocation {
    return {
      segment: this.segments[ordinal] ?? 0,
      offset: this.offsets[ordinal] ?? 0,
      length: this.lengths[ordinal] ?? 0,
    };
  }

  idAt(ordinal: number): string | undefined {
    return this.ids[ordinal];
  }

  /** Archives every entry of a segment and those before it (segments are archived oldest first). */
  archiveThrough(segment: number): void {
    while (this.first < this.ids.length && (this.segments[this.first] ?? 0) <= segment) {
      this.first++;
    }
  }

  /** The ordinal bound for a cursor: entries below it have ids below the cursor. */
  bound(before?: string): number {
    return before === undefined ? this.ids.length : this.lowerBoundId(before);
  }

  /**
   * Ordinals below `bound` of the notes that pass the filter, newest first, at most `limit`. `budget`
   * bounds the entries looked at: when it is spent the walk stops and says where to go on
   * (`resume`, a bound), so a caller can yield to the event loop in between.
   */
  query(
    filter: NoteFilter,
    limit: number,
    bound = this.ids.length,
    budget = Infinity,
  ): { ordinals: number[]; resume: number | null } {
    const lists: Postings[] = [];
    for (const key of filterKeys(filter)) {
      const list = this.postings.get(key);
      if (!list) {
        return { ordinals: [], resume: null };
      }
      lists.push(list);
    }
    lists.sort((a, b) => a.size - b.size);
    const [driver, ...others] = lists;
    const keep = (o: number): boolean => {
      const t = this.times[o] ?? 0;
      return (
        (filter.sinceMs === undefined || t >= filter.sinceMs) &&
        (filter.untilMs === undefined || t <= filter.untilMs) &&
        others.every((l) => l.has(o))
      );
    };
    const ordinals: number[] = [];
    let looked = 0;
    for (let i = (driver ? driver.lowerBound(bound) : bound) - 1; i >= 0; i--) {
      const o = driver ? (driver.items[i] ?? 0) : i;
      if (o < this.first || ordinals.length >= limit) {
        break;
      }
      if (looked++ >= budget) {
        return { ordinals, resume: o + 1 };
      }
      if (keep(o)) {
        ordinals.push(o);
      }
    }
    return { ordinals, resume: null };
  }

  /** Whether any (unarchived) note passes the filter. */
  has(filter: NoteFilter): boolean {
    return this.query(filter, 1).ordinals.length > 0;
  }

  private lowerBoundId(id: string): number {
    let lo = 0;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ids[mid] ?? '') < id) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
