import { ResumePoint, timeKey } from './docker-time.js';

describe('timeKey', () => {
  it.each([
    ['2026-11-23T10:00:00.5Z', '2026-11-23T10:00:00.500000000Z'],
    ['2026-11-23T10:00:00Z', '2026-11-23T10:00:00.000000000Z'],
    ['2026-11-23T10:00:00.123456789Z', '2026-11-23T10:00:00.123456789Z'],
  ])('%s', (at, key) => {
    expect(timeKey(at)).toBe(key);
  });

  it('sorts as time does, whatever the fraction length', () => {
    expect(timeKey('2026-11-23T10:00:00.5Z') > timeKey('2026-11-23T10:00:00.49999Z')).toBe(true);
  });
});

describe('ResumePoint', () => {
  const admitted = (sut: ResumePoint, ats: string[]): string[] => ats.filter((a) => sut.admit(a));

  it('admits every new line the first time', () => {
    const sut = new ResumePoint();
    const ats = ['2026-11-23T10:00:00.1Z', '2026-11-23T10:00:00.1Z', '2026-11-23T10:00:01Z'];
    expect(admitted(sut, ats)).toEqual(ats);
    expect(sut.lastAt).toBe('2026-11-23T10:00:01Z');
  });

  it('after a reopen, skips what the whole-second `since` reads again', () => {
    const sut = new ResumePoint();
    admitted(sut, ['2026-11-23T10:00:05.1Z', '2026-11-23T10:00:05.7Z', '2026-11-23T10:00:05.7Z']);
    sut.reopen();
    // The engine repeats the second from 10:00:05, then the new lines.
    const again = [
      '2026-11-23T10:00:05.1Z',
      '2026-11-23T10:00:05.7Z',
      '2026-11-23T10:00:05.7Z',
      '2026-11-23T10:00:05.7Z',
      '2026-11-23T10:00:06.2Z',
    ];
    expect(admitted(sut, again)).toEqual(['2026-11-23T10:00:05.7Z', '2026-11-23T10:00:06.2Z']);
  });
});
