import type { Run } from '@simscope/contracts';
import { decodeTime } from 'ulid';
import { legacyUlid, noteFromLegacy, runLinesFromLegacy } from './legacy-records.js';
import { reduceRun, type RunLine } from './reducers.js';

const note = {
  v: 'eta-mu.meta-note.v1',
  ts: '2026-03-01T10:00:00.123456+00:00',
  id: 'note-0a1b2c3d4e5f',
  owner: 'Err',
  title: '',
  text: 'first line\nsecond',
  severity: 'critical',
  category: 'failure',
  tags: ['a', 'A', 'b'],
  targets: ['sim-1', 'cluster:sweep'],
  context: { step: 3, nested: { x: 1 } },
};
const run = {
  v: 'eta-mu.meta-run.v1',
  ts: '2026-03-01T08:00:00+00:00',
  id: 'run-1',
  owner: '',
  run_type: 'training',
  status: 'completed',
  title: 'baseline',
  objective: '',
  model_ref: 'm',
  dataset_ref: '',
  notes: '',
  tags: 'x,y',
  targets: [],
  links: [],
  metrics: { acc: 0.8, opt: 'adamw' },
};
const statusOf = (lines: RunLine[]): Run =>
  lines.reduce<Run | undefined>((r, l) => reduceRun(r, l), undefined)!;

describe('legacyUlid', () => {
  it('keeps the record’s time in its id, and the same id for the same record', () => {
    const at = Date.parse('2026-03-01T10:00:00Z');
    expect(decodeTime(legacyUlid(at, 'note-a'))).toBe(at);
    expect(legacyUlid(at, 'note-a')).toBe(legacyUlid(at, 'note-a'));
    expect(legacyUlid(at, 'note-a')).not.toBe(legacyUlid(at, 'note-b'));
    expect(legacyUlid(at, 'z') < legacyUlid(at + 1, 'a')).toBe(true);
  });
});

describe('noteFromLegacy', () => {
  it('converts the original’s note', () => {
    expect(noteFromLegacy(note)).toMatchObject({
      createdAt: '2026-03-01T10:00:00.123Z',
      title: 'first line',
      text: 'first line\nsecond',
      owner: 'Err',
      severity: 'critical',
      category: 'failure',
      tags: ['a', 'b'],
      targets: [
        { kind: 'container', id: 'sim-1' },
        { kind: 'cluster', id: 'sweep' },
      ],
      context: { step: 3, nested: '{"x":1}' },
      legacyId: 'note-0a1b2c3d4e5f',
      source: 'user',
    });
  });

  it.each<[string, Record<string, unknown>, string | object]>([
    [
      'an unknown severity is info (as the original did)',
      { severity: 'loud' },
      { severity: 'info' },
    ],
    ['an unknown category is observation', { category: 'x' }, { category: 'observation' }],
    ['no time', { ts: 'yesterday' }, 'its ts is not a time'],
    ['no id', { id: '' }, 'it has no id'],
    ['nothing to title it', { title: ' ', text: '\n' }, 'it has neither a title nor a text'],
  ])('%s', (_, over, expected) => {
    const result = noteFromLegacy({ ...note, ...over });
    if (typeof expected === 'string') {
      expect(result).toBe(expected);
    } else {
      expect(result).toMatchObject(expected);
    }
  });
});

it('leaves an empty context out', () => {
  expect(noteFromLegacy({ ...note, context: {} })).not.toHaveProperty('context');
});

describe('runLinesFromLegacy', () => {
  it('makes a creation and the events that reach its status, metrics on the first', () => {
    const lines = runLinesFromLegacy(run, undefined) as RunLine[];
    expect(lines.map((l) => (l.kind === 'event' ? l.status : l.kind))).toEqual([
      'created',
      'running',
      'completed',
    ]);
    const reduced = statusOf(lines);
    expect(reduced).toMatchObject({
      status: 'completed',
      model: 'm',
      dataset: null,
      objective: null,
      owner: null,
      tags: ['x', 'y'],
      legacyId: 'run-1',
    });
    expect(reduced.metrics['acc']?.latest).toBe(0.8);
    const first = lines[1];
    expect(first?.kind === 'event' && first.note).toMatch(/non-numeric metrics .*"opt":"adamw"/);
    expect(new Set(lines.map((l) => l.id)).size).toBe(3);
  });

  it('follows a later snapshot of the same run from where it is', () => {
    const created = runLinesFromLegacy({ ...run, status: 'planned', metrics: {} }, undefined);
    const id = (created as RunLine[])[0].runId;
    const later = runLinesFromLegacy(
      { ...run, ts: '2026-03-02T08:00:00Z', status: 'running', metrics: { acc: 0.5 } },
      { id, status: 'planned' },
    ) as RunLine[];
    expect(later).toEqual([
      expect.objectContaining({ kind: 'event', runId: id, status: 'running' }),
    ]);
  });

  it('notes a status that cannot follow, instead of dropping the snapshot', () => {
    const lines = runLinesFromLegacy(
      { ...run, ts: '2026-03-03T08:00:00Z', status: 'running', metrics: {} },
      { id: 'R', status: 'completed' },
    ) as RunLine[];
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ kind: 'event', runId: 'R' });
    expect(lines[0]?.kind === 'event' && lines[0].note).toMatch(
      /status running, which cannot follow completed/,
    );
    expect(lines[0]?.kind === 'event' && lines[0].status).toBeUndefined();
  });

  it.each([
    ['a run type simscope does not have', { run_type: 'inference' }, /run_type "inference"/],
    ['no title', { title: '' }, /no title/],
    ['no time', { ts: '' }, /not a time/],
  ])('refuses %s', (_, over, reason) => {
    expect(runLinesFromLegacy({ ...run, ...over }, undefined)).toMatch(reason);
  });
});
