import { mkdir, open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Note } from '@simscope/contracts';
import { LRUCache } from 'lru-cache';
import { AppendOnlyFile, type SyncMode } from '../adapters/fs/append-only-file.js';
import { sidecarOf } from '../adapters/fs/jsonl-scan.js';
import { NoteIndex, type NoteFilter } from './note-index.js';
import { SegmentReader } from './segment-reader.js';
import {
  loadNotes,
  NOTES_FILE,
  sealedName,
  writeCheckpoint,
  type SegmentInfo,
} from './note-load.js';

export const ARCHIVE_DIR = 'archive';
const DAY_MS = 86_400_000;
/** A start that had to read more lines than this saves a checkpoint at once. */
const CHECKPOINT_AFTER_LINES = 10_000;

export interface NoteLogOptions {
  dir: string;
  sync: SyncMode;
  /** Sealed segments whose newest note is older than this many days move to `archive/`; null: never. */
  retentionDays: number | null;
  /** The active segment is sealed once it holds this many bytes… */
  segmentBytes?: number;
  /** …or its first note is this old. */
  segmentAgeMs?: number;
  /** Parsed notes kept in memory, by the size of their lines. */
  cacheBytes?: number;
  now?: () => number;
  warn?: (message: string) => void;
}

/** A note as stored: its id and its JSON line. */
export interface StoredNote {
  id: string;
  line: string;
}

interface Segment extends SegmentInfo {
  archived: boolean;
}

/**
 * The notes stream: JSONL segments (`meta_notes.v1.NNNNNN.jsonl` sealed, `meta_notes.v1.jsonl`
 * active) that stay the durable, append-only record, read once at start in bounded memory into a
 * {@link NoteIndex}. Notes themselves are read back from disk by offset on demand, through a
 * bounded cache. Old sealed segments are moved to `archive/` (never deleted) under a retention.
 */
export class NoteLog {
  index = new NoteIndex();
  /** Lines start-up could not use. */
  skipped = 0;
  private segments: Segment[] = [];
  private active!: AppendOnlyFile;
  /** Every write and seal is chained on this, so lines reach the files in call order. */
  private gate: Promise<unknown> = Promise.resolve();
  /** Stored lines by ordinal: a page is served from these as they are, never parsed and re-encoded. */
  private readonly cache: LRUCache<number, string>;
  /** The checkpoint writes, in order (see checkpoint()). */
  private checkpoints: Promise<void> = Promise.resolve();
  private readonly reader = new SegmentReader((segment) => this.segments[segment]?.path);
  private readonly segmentBytes: number;
  private readonly segmentAgeMs: number;
  private readonly now: () => number;
  private cachedGeneration = 0;

  private constructor(private readonly options: NoteLogOptions) {
    this.segmentBytes = options.segmentBytes ?? 64 * 1024 * 1024;
    this.segmentAgeMs = options.segmentAgeMs ?? DAY_MS;
    this.now = options.now ?? Date.now;
    this.cache = new LRUCache<number, string>({
      maxSize: options.cacheBytes ?? 8 * 1024 * 1024,
      sizeCalculation: (line) => line.length + 64,
    });
  }

  static async open(options: NoteLogOptions): Promise<NoteLog> {
    const log = new NoteLog(options);
    await log.load();
    if (await log.archiveExpired()) {
      await log.checkpoint();
    }
    return log;
  }

  private async load(): Promise<void> {
    const { dir } = this.options;
    const loaded = await loadNotes(dir);
    this.index = loaded.index;
    this.segments = loaded.segments.map((s) => ({ ...s, archived: false }));
    this.skipped = loaded.skipped;
    loaded.warnings.forEach((w) => this.options.warn?.(w));
    this.active = await AppendOnlyFile.open(join(dir, NOTES_FILE), this.options.sync);
    if (loaded.scanned > CHECKPOINT_AFTER_LINES) {
      // In the background: the server need not wait for a cache to reach the disk before it serves.
      this.checkpoint().catch((err: Error) => this.options.warn?.(`checkpoint: ${err.message}`));
    }
  }

  /**
   * Saves the index so the next start reads only what is newer (a cache: the JSONL is the record).
   * One at a time (they share a temporary file), each of the index as it is when its turn comes.
   */
  private checkpoint(): Promise<void> {
    const next = this.checkpoints.then(() => {
      const archived = this.segments.filter((s) => s.archived).length;
      return writeCheckpoint(
        this.options.dir,
        this.index,
        this.segments.filter((s) => !s.archived),
        archived,
      );
    });
    this.checkpoints = next.catch(() => undefined);
    return next;
  }

  /** Appends a note; resolves once its line is durable and it is indexed. */
  async append(note: Note): Promise<Note> {
    const line = JSON.stringify(note);
    const placed = this.gate.then(() => {
      const segment = this.segments.length - 1;
      return { segment, offset: this.active.append(line) };
    });
    this.gate = placed.catch(() => undefined);
    const { segment, offset } = await placed;
    const ordinal = this.index.add(note, {
      segment,
      offset: await offset,
      length: Buffer.byteLength(line),
    });
    const seg = this.segments[segment];
    if (seg) {
      const t = Date.parse(note.createdAt);
      seg.oldestMs = Math.min(seg.oldestMs, t);
      seg.newestMs = Math.max(seg.newestMs, t);
      seg.bytes = Math.max(
        seg.bytes,
        this.index.location(ordinal).offset + Buffer.byteLength(line) + 1,
      );
    }
    if (this.index.generation !== this.cachedGeneration) {
      this.cache.clear(); // the index was put back in order: ordinals changed
      this.cachedGeneration = this.index.generation;
    }
    this.cache.set(ordinal, line);
    if (this.sealDue()) {
      this.gate = this.gate.then(() => (this.sealDue() ? this.seal() : undefined));
    }
    return note;
  }

  /** Notes that pass the filter, newest first, below the cursor; yields to the event loop between slices. */
  async query(filter: NoteFilter, limit: number, before?: string): Promise<Note[]> {
    const found = await this.queryLines(filter, limit, before);
    return found.map(({ line }) => JSON.parse(line) as Note);
  }

  /**
   * As {@link query}, but each note as its stored JSON line (what a page of the API sends): the
   * line was written by `JSON.stringify(note)` and start-up checked its shape.
   */
  async queryLines(filter: NoteFilter, limit: number, before?: string): Promise<StoredNote[]> {
    const ordinals: number[] = [];
    let bound: number | null = this.index.bound(before);
    while (bound !== null && ordinals.length < limit) {
      const step = this.index.query(filter, limit - ordinals.length, bound, 20_000);
      ordinals.push(...step.ordinals);
      bound = step.resume;
      if (bound !== null) {
        await new Promise((r) => setImmediate(r));
      }
    }
    return this.read(ordinals);
  }

  /** The newest note, if any. */
  async last(): Promise<Note | null> {
    return (await this.query({}, 1))[0] ?? null;
  }

  /** The lines, from the cache or from disk. */
  private async read(ordinals: number[]): Promise<StoredNote[]> {
    const lines = ordinals.map((ordinal) => this.cache.get(ordinal));
    const missing = ordinals.filter((_, i) => lines[i] === undefined);
    const read = await this.reader.lines(missing.map((o) => this.index.location(o)));
    let next = 0;
    return ordinals.map((ordinal, i) => {
      let line = lines[i];
      if (line === undefined) {
        line = read[next++] ?? '';
        this.cache.set(ordinal, line);
      }
      return { id: this.index.idAt(ordinal) ?? '', line };
    });
  }

  private sealDue(): boolean {
    const active = this.segments.at(-1);
    return (
      this.active.bytes > 0 &&
      (this.active.bytes >= this.segmentBytes ||
        (active !== undefined && this.now() - active.oldestMs >= this.segmentAgeMs))
    );
  }

  /** Seals the active segment under the next number and starts an empty one. */
  private async seal(): Promise<void> {
    const { dir } = this.options;
    const active = this.segments.at(-1);
    if (!active) {
      return;
    }
    await this.active.close();
    active.bytes = this.active.bytes;
    const seq = Math.max(0, ...this.segments.map((s) => s.seq ?? 0)) + 1;
    const path = join(dir, sealedName(seq));
    await rename(active.path, path);
    Object.assign(active, { seq, path });
    await syncDir(dir);
    this.segments.push({
      seq: null,
      path: join(dir, NOTES_FILE),
      oldestMs: Infinity,
      newestMs: -Infinity,
      bytes: 0,
      archived: false,
    });
    this.active = await AppendOnlyFile.open(join(dir, NOTES_FILE), this.options.sync);
  }

  /** Seals the active segment if due, then archives expired sealed ones (oldest first). */
  maintain(): Promise<void> {
    const run = this.gate.then(async () => {
      const sealed = this.sealDue();
      if (sealed) {
        await this.seal();
      }
      if ((await this.archiveExpired()) || sealed) {
        await this.checkpoint();
      }
    });
    this.gate = run.catch(() => undefined);
    return run;
  }

  /** Moves expired sealed segments to the archive; says whether any moved. */
  private async archiveExpired(): Promise<boolean> {
    const days = this.options.retentionDays;
    if (days === null) {
      return false;
    }
    let moved = false;
    const cutoff = this.now() - days * DAY_MS;
    const { dir } = this.options;
    for (const [number, segment] of this.segments.entries()) {
      if (segment.seq === null || segment.archived) {
        if (segment.seq === null) {
          break;
        }
        continue;
      }
      if (segment.newestMs >= cutoff) {
        break;
      }
      await mkdir(join(dir, ARCHIVE_DIR), { recursive: true });
      const name = sealedName(segment.seq);
      await rename(segment.path, join(dir, ARCHIVE_DIR, name));
      await rename(sidecarOf(segment.path), join(dir, ARCHIVE_DIR, `${name}.corrupt`)).catch(
        () => undefined,
      );
      await syncDir(dir);
      segment.archived = true;
      moved = true;
      this.reader.forget(number);
      this.index.archiveThrough(number);
    }
    return moved;
  }

  async close(): Promise<void> {
    await this.gate;
    await this.active.close();
    this.reader.close();
    await this.checkpoint();
  }
}

async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
