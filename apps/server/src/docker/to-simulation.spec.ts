import { startedAtFromStatus } from './to-simulation.js';

describe('startedAtFromStatus', () => {
  const now = Date.parse('2026-01-01T12:00:00.000Z');
  it.each<[string, number | null]>([
    ['Up Less than a second', 0],
    ['Up 1 second', 1000],
    ['Up 42 seconds', 42_000],
    ['Up About a minute', 60_000],
    ['Up 5 minutes (healthy)', 5 * 60_000],
    ['Up About an hour', 3_600_000],
    ['Up 26 hours', 26 * 3_600_000],
    ['Up 3 days (Paused)', 3 * 86_400_000],
    ['Up 2 weeks', 14 * 86_400_000],
    ['Up 3 months', 90 * 86_400_000],
    ['Up 2 years', 730 * 86_400_000],
    ['Exited (0) 5 minutes ago', null],
    ['Restarting (1) 2 seconds ago', null],
    ['Created', null],
    ['', null],
  ])('%p started %p ms before now', (status, before) => {
    expect(startedAtFromStatus(status, now)).toBe(before == null ? null : now - before);
  });
});
