import { open, type FileHandle } from 'node:fs/promises';
import { LRUCache } from 'lru-cache';
import type { NoteLocation } from './note-index.js';
import { planReads } from './read-ranges.js';

/**
 * Reads lines of the note segments by location: lines that lie close together share one read
 * (planReads), and a few segments' file handles stay open between reads.
 */
export class SegmentReader {
  private readonly handles = new LRUCache<number, Promise<FileHandle>>({
    max: 16,
    dispose: (fh) => void fh.then((h) => h.close()).catch(() => undefined),
  });

  /** `pathOf(segment)`: where a segment's file is now (it moves when sealed or archived). */
  constructor(private readonly pathOf: (segment: number) => string | undefined) {}

  /** The lines at these locations, in the order asked. */
  async lines(wanted: readonly NoteLocation[]): Promise<string[]> {
    const lines: string[] = new Array<string>(wanted.length);
    await Promise.all(
      planReads(wanted).map(async (range) => {
        const buf = Buffer.allocUnsafe(range.length);
        const fh = await this.handle(range.segment);
        const { bytesRead } = await fh.read(buf, 0, range.length, range.offset);
        for (const part of range.parts) {
          if (part.start + part.length > bytesRead) {
            throw new Error(`note segment ${range.segment} is shorter than its index says`);
          }
          lines[part.at] = buf.toString('utf8', part.start, part.start + part.length);
        }
      }),
    );
    return lines;
  }

  /** Closes a segment's handle (it was renamed or archived). */
  forget(segment: number): void {
    this.handles.delete(segment);
  }

  close(): void {
    this.handles.clear();
  }

  private handle(segment: number): Promise<FileHandle> {
    let fh = this.handles.get(segment);
    if (!fh) {
      const path = this.pathOf(segment);
      fh = path ? open(path, 'r') : Promise.reject(new Error(`no note segment ${segment}`));
      fh.catch(() => this.handles.delete(segment)); // a failed open is not kept
      this.handles.set(segment, fh);
    }
    return fh;
  }
}
