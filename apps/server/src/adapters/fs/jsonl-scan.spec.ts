import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanJsonlLines, sidecarOf, type ScannedLine } from './jsonl-scan.js';

describe('scanJsonlLines', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'simscope-scan-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const GOOD = '{"a":1}\n{"b":"é"}\n\n{"c":3}\n';

  // chunk sizes smaller than a line, a line and a half, and the whole file
  it.each<[string, string, number, (string | null)[], string | null]>([
    ['whole lines, tiny chunks', GOOD, 3, ['{"a":1}', '{"b":"é"}', '{"c":3}'], null],
    ['whole lines, one chunk', GOOD, 1 << 20, ['{"a":1}', '{"b":"é"}', '{"c":3}'], null],
    [
      'a torn tail without newline',
      `${GOOD}{"d":`,
      5,
      ['{"a":1}', '{"b":"é"}', '{"c":3}'],
      '{"d":',
    ],
    [
      'an unparsable last line',
      `${GOOD}{"d":\n`,
      4,
      ['{"a":1}', '{"b":"é"}', '{"c":3}'],
      '{"d":\n',
    ],
    [
      'an unparsable line in the middle',
      '{"a":1}\nnope\n{"c":3}\n',
      2,
      ['{"a":1}', null, '{"c":3}'],
      null,
    ],
    ['an empty file', '', 8, [], null],
  ])('%s', async (_case, content, chunk, expected, cut) => {
    const path = join(dir, 'f.jsonl');
    writeFileSync(path, content);
    const lines: ScannedLine[] = [];

    const { quarantined, size } = await scanJsonlLines(path, (l) => lines.push(l), {
      chunkBytes: chunk,
    });

    expect(lines.map((l) => (l.error ? null : JSON.stringify(l.value)))).toEqual(expected);
    for (const l of lines) {
      expect(
        Buffer.from(content)
          .subarray(l.offset, l.offset + l.bytes)
          .toString(),
      ).toBe(l.text);
    }
    const kept = cut === null ? content : content.slice(0, content.length - cut.length);
    expect(readFileSync(path, 'utf8')).toBe(kept);
    expect(size).toBe(Buffer.byteLength(kept));
    if (cut === null) {
      expect(quarantined).toBeNull();
    } else {
      const record = JSON.parse(readFileSync(sidecarOf(path), 'utf8')) as { content: string };
      expect(Buffer.from(record.content, 'base64').toString()).toBe(cut);
    }
  });

  it('starts at a given line start', async () => {
    const path = join(dir, 'f.jsonl');
    writeFileSync(path, GOOD);
    const lines: ScannedLine[] = [];

    await scanJsonlLines(path, (l) => lines.push(l), { from: 8, chunkBytes: 4 });

    expect(lines.map((l) => [l.offset, l.value])).toEqual([
      [8, { b: 'é' }],
      [20, { c: 3 }],
    ]);
  });

  it('reads a missing file as empty', async () => {
    const lines: ScannedLine[] = [];

    expect(await scanJsonlLines(join(dir, 'none.jsonl'), (l) => lines.push(l))).toEqual({
      quarantined: null,
      size: 0,
    });
    expect(lines).toEqual([]);
  });
});
