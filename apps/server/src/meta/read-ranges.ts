import type { NoteLocation } from './note-index.js';

/** One read of a segment that covers several lines: `parts[i]` is where wanted line i sits in it. */
export interface ReadRange {
  segment: number;
  offset: number;
  length: number;
  parts: { at: number; start: number; length: number }[];
}

/**
 * Plans the reads for a page of lines: lines of one segment that lie close together (gaps up to
 * `maxGap` bytes) share one read, up to `maxSpan` bytes per read. A page read `since` a date is
 * one read instead of fifty; lines far apart still get one read each. `at` is the position in
 * `wanted`, so the caller can put the lines back in the order it asked for them.
 */
export function planReads(
  wanted: readonly NoteLocation[],
  maxGap = 16 * 1024,
  maxSpan = 1024 * 1024,
): ReadRange[] {
  const order = wanted
    .map((loc, at) => ({ loc, at }))
    .sort((a, b) => a.loc.segment - b.loc.segment || a.loc.offset - b.loc.offset);
  const ranges: ReadRange[] = [];
  let open: ReadRange | undefined;
  for (const { loc, at } of order) {
    const end = loc.offset + loc.length;
    const joins =
      open !== undefined &&
      open.segment === loc.segment &&
      loc.offset - (open.offset + open.length) <= maxGap &&
      end - open.offset <= maxSpan;
    if (!joins || !open) {
      open = { segment: loc.segment, offset: loc.offset, length: 0, parts: [] };
      ranges.push(open);
    }
    open.parts.push({ at, start: loc.offset - open.offset, length: loc.length });
    open.length = Math.max(open.length, end - open.offset);
  }
  return ranges;
}
