import { formatBytes, formatDuration } from './format';

describe('format', () => {
  it.each([
    [0, '0s'],
    [59_999, '59s'],
    [60_000, '1m'],
    [3_600_000 + 2 * 60_000, '1h 02m'],
    [3 * 86_400_000 + 4 * 3_600_000, '3d 4h'],
    [-1, '—'],
  ])('formatDuration(%p) = %p', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([
    [null, '—'],
    [512, '512 B'],
    [8 * 1024 * 1024, '8.0 MiB'],
    [16 * 2 ** 30, '16 GiB'],
  ])('formatBytes(%p) = %p', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
