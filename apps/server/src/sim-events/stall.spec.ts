import { formatSpan, parseDuration, silentFor, stallReason, stallWindowMs } from './stall.js';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['3m', 180_000],
    ['1.5h', 5_400_000],
    ['500ms', 500],
    ['45', 45_000],
    [' 2 M ', 120_000],
    ['0s', null],
    ['soon', null],
    ['-5s', null],
    ['', null],
    [undefined, null],
  ])('%p → %p', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
});

describe('stallWindowMs', () => {
  it.each([
    ['the label wins', '3s', [100, 100], 3_000],
    ['no label, no gaps: a minute', undefined, [], 60_000],
    ['5 × the median gap', undefined, [20_000, 30_000, 25_000], 125_000],
    ['median of an even count', undefined, [10_000, 20_000, 30_000, 40_000], 125_000],
    ['never under a minute', undefined, [200, 200, 200], 60_000],
    ['an outlier does not move the median', undefined, [20_000, 20_000, 3_600_000], 100_000],
    ['a bad label falls back', 'whenever', [20_000], 100_000],
  ])('%s', (_, label, gaps, ms) => {
    expect(stallWindowMs(label, gaps)).toBe(ms);
  });
});

describe('silentFor', () => {
  const now = 1_000_000;
  it.each([
    ['no events yet: never stalled', null, null, 60_000, null],
    ['within the window', now - 30_000, null, 60_000, null],
    ['past the window', now - 61_000, null, 60_000, 61_000],
    [
      'a restart since the last event gets a fresh window',
      now - 120_000,
      now - 10_000,
      60_000,
      null,
    ],
    ['a restart long ago does not help', now - 120_000, now - 200_000, 60_000, 120_000],
  ])('%s', (_, last, started, window, silent) => {
    expect(silentFor(now, last, started, window)).toBe(silent);
  });
});

describe('stallReason', () => {
  it.each([
    [3_200, 300, 'no events for 3 s; was 300 ticks/min'],
    [180_000, 12, 'no events for 3 min; was 12 ticks/min'],
    [7_200_000, null, 'no events for 2 h'],
    [65_000, 0, 'no events for 65 s'],
    [5_000, 299.3, 'no events for 5 s; was 299 ticks/min'],
    [5_000, 2.5, 'no events for 5 s; was 2.5 ticks/min'],
  ])('%p ms at %p ticks/min', (silent, rate, reason) => {
    expect(stallReason(silent, rate)).toBe(reason);
  });

  it('formats spans', () => {
    expect([400, 89_000, 90_000, 5_340_000, 5_400_000].map(formatSpan)).toEqual([
      '1 s',
      '89 s',
      '2 min',
      '89 min',
      '2 h',
    ]);
  });
});
