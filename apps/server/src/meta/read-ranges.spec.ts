import type { NoteLocation } from './note-index.js';
import { planReads } from './read-ranges.js';

const at = (segment: number, offset: number, length = 10): NoteLocation => ({
  segment,
  offset,
  length,
});

/** Each range as "segment:offset+length[wanted positions]". */
const shape = (wanted: NoteLocation[], maxGap = 100, maxSpan = 1000) =>
  planReads(wanted, maxGap, maxSpan).map(
    (r) => `${r.segment}:${r.offset}+${r.length}[${r.parts.map((p) => p.at).join(',')}]`,
  );

describe('planReads', () => {
  it.each([
    ['nothing', [], []],
    ['one line', [at(0, 50)], ['0:50+10[0]']],
    [
      'adjacent lines, newest first, as a page asks',
      [at(0, 22), at(0, 11), at(0, 0)],
      ['0:0+32[2,1,0]'],
    ],
    ['a gap of exactly maxGap joins', [at(0, 0), at(0, 110)], ['0:0+120[0,1]']],
    ['a gap past maxGap splits', [at(0, 0), at(0, 111)], ['0:0+10[0]', '0:111+10[1]']],
    ['two segments never share a read', [at(1, 0), at(0, 0)], ['0:0+10[1]', '1:0+10[0]']],
    [
      'a read stops at maxSpan',
      [at(0, 0, 400), at(0, 400, 400), at(0, 800, 400)],
      ['0:0+800[0,1]', '0:800+400[2]'],
    ],
    ['one line longer than maxSpan still gets its read', [at(0, 0, 5000)], ['0:0+5000[0]']],
  ])('%s', (_name, wanted, expected) => {
    expect(shape(wanted)).toEqual(expected);
  });

  it('places every wanted line inside its read', () => {
    const wanted = [at(0, 300, 7), at(0, 0, 20), at(2, 40, 5), at(0, 30, 9)];
    for (const range of planReads(wanted, 100, 1000)) {
      for (const part of range.parts) {
        expect(range.offset + part.start).toBe(wanted[part.at].offset);
        expect(part.start + part.length).toBeLessThanOrEqual(range.length);
      }
    }
  });
});
