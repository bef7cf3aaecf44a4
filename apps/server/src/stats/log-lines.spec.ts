import { LogDemuxer, cleanLine } from './log-lines.js';

const frame = (stream: 1 | 2, text: string): Buffer => {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};

describe('cleanLine', () => {
  it.each([
    ['2026-01-01T00:00:00.123456789Z hello', '2026-01-01T00:00:00.123456789Z', 'hello'],
    ['no timestamp', null, 'no timestamp'],
    [
      '2026-01-01T00:00:00Z \u001b[31mred\u001b[0m and \u001b]0;title\u0007done',
      '2026-01-01T00:00:00Z',
      'red and done',
    ],
    ['bell\u0007 and back\bspace\r', null, 'bell and backspace'],
    ['tab\tstays', null, 'tab\tstays'],
  ])('%p', (raw, at, text) => {
    expect(cleanLine('stdout', raw)).toEqual({ stream: 'stdout', at, text });
  });
});

describe('LogDemuxer', () => {
  it('separates stdout and stderr frames, in order', () => {
    const d = new LogDemuxer(false);
    const lines = d.push(
      Buffer.concat([frame(1, 'one\n'), frame(2, 'two\n'), frame(1, 'three\n')]),
    );
    expect(lines.map((l) => `${l.stream}:${l.text}`)).toEqual([
      'stdout:one',
      'stderr:two',
      'stdout:three',
    ]);
  });

  it('reassembles frames and lines cut across chunks', () => {
    const d = new LogDemuxer(false);
    const all = Buffer.concat([
      frame(1, 'hel'),
      frame(1, 'lo\nwor'),
      frame(2, 'err\n'),
      frame(1, 'ld\n'),
    ]);
    const out = [];
    for (let i = 0; i < all.length; i += 3) {
      out.push(...d.push(all.subarray(i, i + 3)));
    }
    expect(out.map((l) => `${l.stream}:${l.text}`)).toEqual([
      'stdout:hello',
      'stderr:err',
      'stdout:world',
    ]);
  });

  it('treats a TTY stream as stdout text, and flushes an unterminated last line', () => {
    const d = new LogDemuxer(true);
    expect(d.push(Buffer.from('a\nb')).map((l) => l.text)).toEqual(['a']);
    expect(d.flush()).toEqual([{ stream: 'stdout', at: null, text: 'b' }]);
    expect(d.flush()).toEqual([]);
  });

  it.each([
    ['a line at the cap', ['12345\n'], ['12345'], 0],
    ['a complete line over the cap', ['1234567\nok\n'], ['12345', 'ok'], 1],
    ['an endless line, in chunks', ['1234', '5678', '90ab', '\nok\n'], ['12345', 'ok'], 1],
    ['two long lines', ['1234567\nabcdefg\n'], ['12345', 'abcde'], 2],
  ])('cuts %s at maxLine and counts it', (_, chunks, texts, cut) => {
    const sut = new LogDemuxer(true, 5);
    const out = chunks.flatMap((c) => sut.push(Buffer.from(c)));
    expect(out.map((l) => l.text)).toEqual(texts);
    expect(sut.cutLines).toBe(cut);
  });
});
