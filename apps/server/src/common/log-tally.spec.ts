import { LogTally, logTally } from './log-tally.js';
import { loggerOptions } from './logger.js';

describe('LogTally', () => {
  const at = (s: number) => s * 1000;

  it('counts lines and error lines (pino 50 error, 60 fatal) over its window', () => {
    const sut = new LogTally(10);
    [30, 40, 50, 60, 30].forEach((level, i) => sut.record(level, at(100 + i)));

    expect(sut.snapshot(at(105))).toEqual({
      windowSeconds: 10,
      lines: 5,
      errorLines: 2,
      errorShare: 0.4,
      complete: true,
    });
  });

  it('forgets seconds that left the window', () => {
    const sut = new LogTally(10);
    sut.record(50, at(100));
    sut.record(30, at(105));

    expect(sut.snapshot(at(111))).toMatchObject({ lines: 1, errorLines: 0, errorShare: 0 });
    expect(sut.snapshot(at(116))).toMatchObject({ lines: 0, errorLines: 0, errorShare: 0 });
    expect(new LogTally(10).snapshot(at(1))).toMatchObject({ lines: 0, errorShare: 0 });
  });

  it.each([
    ['info', true],
    ['debug', true],
    ['warn', false],
    ['error', false],
  ] as const)(
    'LOG_LEVEL=%s → complete %s (whether the share is one of the whole log)',
    (level, complete) => {
      loggerOptions({ level, format: 'json' });
      expect(logTally.snapshot().complete).toBe(complete);
      logTally.complete = true;
    },
  );
});
