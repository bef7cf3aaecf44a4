import { containerFactory, inventoryFactory } from '../../testing/factories';
import {
  NO_FILTERS,
  buildRows,
  clusterProgress,
  detailKey,
  matches,
  parsePhase,
  uptime,
  type Filters,
} from './view-model';

const c = containerFactory;

describe('matches', () => {
  const sim = c({
    displayName: 'trainer',
    cluster: 'exp-a',
    phase: 'crashloop',
    reasons: ['exited 3 times in 10 min'],
  });
  it.each<[string, Partial<Filters>, boolean]>([
    ['no filters', {}, true],
    ['same cluster', { cluster: 'exp-a' }, true],
    ['other cluster', { cluster: 'exp-b' }, false],
    ['same phase', { phase: 'crashloop' }, true],
    ['other phase', { phase: 'running' }, false],
    ['text in the name, any case', { q: 'TRAIN' }, true],
    ['text in a reason', { q: '3 times' }, true],
    ['text nowhere', { q: 'zebra' }, false],
    ['blank text', { q: '   ' }, true],
    ['same host', { host: 'local' }, true],
    ['other host', { host: 'gpu1' }, false],
  ])('%s', (_, f, expected) => {
    expect(matches(sim, { ...NO_FILTERS, ...f })).toBe(expected);
  });
});

describe('buildRows', () => {
  const inv = inventoryFactory([
    c({ id: '1', displayName: 'b-ok', cluster: 'zeta', phase: 'running' }),
    c({ id: '2', displayName: 'a-ok', cluster: 'alpha', phase: 'running' }),
    c({ id: '3', displayName: 'z-bad', cluster: 'alpha', phase: 'oom-killed' }),
    c({ id: '4', displayName: 'c-ok', cluster: 'alpha', phase: 'running' }),
  ]);

  it('groups by cluster in name order, problems first inside a cluster', () => {
    expect(buildRows(inv, NO_FILTERS).map((r) => r.key)).toEqual([
      'cluster:alpha',
      '3',
      '2',
      '4',
      'cluster:zeta',
      '1',
    ]);
  });

  it('drops clusters with no matching container and counts what is shown', () => {
    const rows = buildRows(inv, { ...NO_FILTERS, phase: 'running', cluster: 'alpha' });
    expect(rows.map((r) => r.key)).toEqual(['cluster:alpha', '2', '4']);
    expect(rows[0]).toMatchObject({ kind: 'cluster', shown: 2 });
  });

  it('is empty without an inventory', () => {
    expect(buildRows(null, NO_FILTERS)).toEqual([]);
  });
});

describe('formatting', () => {
  it('reads uptime from startedAt when running and from finishedAt when stopped', () => {
    const now = Date.parse('2026-01-01T01:00:00.000Z');
    expect(uptime(c({ startedAt: '2026-01-01T00:30:00.000Z' }), now)).toBe('30m');
    expect(
      uptime(c({ state: 'exited', finishedAt: '2026-01-01T00:59:00.000Z', startedAt: null }), now),
    ).toBe('stopped 1m ago');
    expect(uptime(c({ state: 'created', startedAt: null, finishedAt: null }), now)).toBe('—');
  });

  it('accepts only known phases from the URL', () => {
    expect(parsePhase('crashloop')).toBe('crashloop');
    expect(parsePhase('bogus')).toBeNull();
    expect(parsePhase(null)).toBeNull();
  });
});

describe('detailKey', () => {
  const base = c({ id: 'a', state: 'running', health: 'healthy', restartCount: 0 });
  it.each<[string, Parameters<typeof c>[0], boolean]>([
    ['the same row pushed again', {}, false],
    ['only its labels change', { labels: { team: 'x' } }, false],
    [
      'only its limits change',
      { limits: { cpus: 1, cpuset: null, memoryBytes: null, pids: null } },
      false,
    ],
    ['it restarts', { restartCount: 1 }, true],
    ['its health changes', { health: 'unhealthy' }, true],
    ['it stops', { state: 'exited' }, true],
    ['its phase changes', { phase: 'crashloop' }, true],
    ['it is started again', { startedAt: '2026-02-01T00:00:00.000Z' }, true],
    ['another container', { id: 'b' }, true],
  ])('%s: fetch again = %p', (_, change, refetch) => {
    expect(detailKey({ ...base, ...change }) !== detailKey(base)).toBe(refetch);
  });
});

describe('clusterProgress', () => {
  const ev = (tick: number | null, progress: number | null) => ({
    total: 1,
    tick,
    ticksPerMinute: null,
    progress,
    errors: 0,
    lastEventAt: null,
    lastType: null,
    countsByType: {},
    cutLines: 0,
  });

  it.each([
    ['no simulation prints events', [c({ cluster: 'a' })], {}],
    [
      'mean progress, tick range, stalled count',
      [
        c({ id: '1', cluster: 'a', events: ev(10, 0.25) }),
        c({ id: '2', cluster: 'a', events: ev(30, 0.75), phase: 'stalled' }),
        c({ id: '3', cluster: 'a' }),
      ],
      { a: { reporting: 2, progress: 0.5, tickMin: 10, tickMax: 30, stalled: 1 } },
    ],
    [
      'progress unknown, ticks known',
      [c({ id: '1', cluster: 'b', events: ev(5, null) })],
      { b: { reporting: 1, progress: null, tickMin: 5, tickMax: 5, stalled: 0 } },
    ],
  ])('%s', (_, rows, expected) => {
    expect(clusterProgress(rows)).toEqual(expected);
  });
});
