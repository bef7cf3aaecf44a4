import { open, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Note } from '@simscope/contracts';
import { loadJsonl } from '../adapters/fs/jsonl-scan.js';
import { checkNote } from './line-shapes.js';
import { NoteIndex, type NoteIndexDump } from './note-index.js';

export const NOTES_FILE = 'meta_notes.v1.jsonl';
export const CHECKPOINT_FILE = 'meta_notes.v1.index';
const SEALED_NOTES = /^meta_notes\.v1\.(\d{6})\.jsonl$/;
export const sealedName = (seq: number) => `meta_notes.v1.${String(seq).padStart(6, '0')}.jsonl`;

/** A notes segment: sealed (`seq`) or the active one (`seq` null); `bytes` of it are indexed. */
export interface SegmentInfo {
  seq: number | null;
  path: string;
  oldestMs: number;
  newestMs: number;
  bytes: number;
}

export interface LoadedNotes {
  index: NoteIndex;
  segments: SegmentInfo[];
  /** Lines that could not be used (torn tails included). */
  skipped: number;
  /** Lines read from the JSONL files (the rest came from the checkpoint). */
  scanned: number;
  warnings: string[];
}

interface Checkpoint {
  version: 1;
  index: NoteIndexDump;
  segments: (Omit<SegmentInfo, 'path'> & { name: string })[];
}

/** The segment files of `dir`: sealed ones in order, then the active one. */
async function segmentNames(dir: string): Promise<{ seq: number | null; name: string }[]> {
  const sealed = (await readdir(dir))
    .map((name) => ({ name, seq: Number(SEALED_NOTES.exec(name)?.[1] ?? NaN) }))
    .filter((f) => Number.isFinite(f.seq))
    .sort((a, b) => a.seq - b.seq);
  return [...sealed, { seq: null, name: NOTES_FILE }];
}

/**
 * The notes index of `dir`. From the checkpoint when it still describes the files (same segments,
 * sealed ones the same size, the active one at least as long, the last indexed line where it says),
 * reading only the active segment's lines past it; otherwise from every line of every segment.
 * Lines that are not notes go to the segment's `.corrupt` sidecar. The JSONL files are the record;
 * the checkpoint is only a way not to parse them all at every start.
 */
export async function loadNotes(dir: string): Promise<LoadedNotes> {
  const names = await segmentNames(dir);
  const warnings: string[] = [];
  const checkpoint = await readCheckpoint(dir, names).catch((err: Error) => {
    warnings.push(`${CHECKPOINT_FILE} not used (${err.message}): reading every note`);
    return null;
  });
  const out: LoadedNotes = {
    index: checkpoint ? NoteIndex.restore(checkpoint.index) : new NoteIndex(),
    segments: [],
    skipped: 0,
    scanned: 0,
    warnings,
  };
  for (const [number, { seq, name }] of names.entries()) {
    const known = checkpoint?.segments[number];
    const segment: SegmentInfo = known
      ? { ...known, seq, path: join(dir, name) }
      : { seq, path: join(dir, name), oldestMs: Infinity, newestMs: -Infinity, bytes: 0 };
    out.segments.push(segment);
    if (!known || seq === null) {
      await scanSegment(out, number, name, segment);
    }
  }
  out.index.seal();
  return out;
}

async function scanSegment(out: LoadedNotes, number: number, name: string, segment: SegmentInfo) {
  const loaded = await loadJsonl(
    segment.path,
    name,
    (value, line) => {
      out.scanned++;
      const reason = checkNote(value);
      if (reason) {
        return reason;
      }
      const note = value as Note;
      const t = Date.parse(note.createdAt);
      segment.oldestMs = Math.min(segment.oldestMs, t);
      segment.newestMs = Math.max(segment.newestMs, t);
      out.index.add(note, { segment: number, offset: line.offset, length: line.bytes }, t);
      return null;
    },
    segment.bytes,
  );
  segment.bytes = loaded.size;
  out.skipped += loaded.skipped;
  out.warnings.push(...loaded.warnings);
}

/** The checkpoint, if there is one; throws saying why it does not describe the files. */
async function readCheckpoint(
  dir: string,
  names: { seq: number | null; name: string }[],
): Promise<Checkpoint | null> {
  const raw = await readFile(join(dir, CHECKPOINT_FILE)).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') {
      return null;
    }
    throw err;
  });
  if (!raw) {
    return null;
  }
  const cp = deserialize(raw) as Checkpoint;
  if (
    cp.version !== 1 ||
    cp.segments.map((s) => s.name).join() !== names.map((n) => n.name).join()
  ) {
    throw new Error('the segments changed');
  }
  for (const s of cp.segments) {
    const size = (await stat(join(dir, s.name)).catch(() => null))?.size ?? 0;
    if (s.seq !== null ? size !== s.bytes : size < s.bytes) {
      throw new Error(`${s.name} is not the size it had`);
    }
  }
  const last = cp.index.ids.length - 1;
  if (last >= 0) {
    const segment = cp.segments[cp.index.segments[last] ?? -1];
    const length = cp.index.lengths[last] ?? 0;
    const buf = Buffer.alloc(length);
    const fh = await open(join(dir, segment?.name ?? NOTES_FILE), 'r');
    await fh.read(buf, 0, length, cp.index.offsets[last] ?? 0).finally(() => fh.close());
    const id = (() => {
      try {
        return (JSON.parse(buf.toString('utf8')) as { id?: unknown }).id;
      } catch {
        return undefined;
      }
    })();
    if (id !== cp.index.ids[last]) {
      throw new Error('its last note is not where it says');
    }
  }
  return cp;
}

/**
 * Writes the checkpoint (a temporary file renamed into place). `segments` are the live ones, after
 * the `archived` oldest that left; each covers `bytes` of its file.
 */
export async function writeCheckpoint(
  dir: string,
  index: NoteIndex,
  segments: SegmentInfo[],
  archived: number,
): Promise<void> {
  const cp: Checkpoint = {
    version: 1,
    index: index.dump(archived),
    segments: segments.map(({ path, ...s }) => ({ ...s, name: path.slice(dir.length + 1) })),
  };
  const tmp = join(dir, `${CHECKPOINT_FILE}.tmp`);
  await writeFile(tmp, serialize(cp));
  await rename(tmp, join(dir, CHECKPOINT_FILE));
}
