import type { Author, ObjectiveState, RunStatus } from '@simscope/contracts';
import {
  defaultDedupeKey,
  reduceObjective,
  reduceRun,
  TransitionError,
  type ObjectiveLine,
  type RunLine,
} from './reducers.js';
import { aRunCreated, anObjectiveEnqueued } from '../testing/factories.js';

const created: RunLine = { ...aRunCreated('r1', { owner: 'ana' }), id: '01' };
const ev = (n: number, status?: RunStatus, metrics?: Record<string, number>): RunLine => ({
  schema: 'simscope.meta-run-event.v1',
  id: `0${n + 1}`,
  runId: 'r1',
  createdAt: `2026-01-01T00:00:0${n}.000Z`,
  kind: 'event',
  owner: null,
  status,
  metrics,
});

describe('reduceRun', () => {
  it.each<[string, RunStatus[], RunStatus | 'error']>([
    ['starts planned', [], 'planned'],
    ['planned → running → completed', ['running', 'completed'], 'completed'],
    ['running → failed', ['running', 'failed'], 'failed'],
    ['planned → cancelled', ['cancelled'], 'cancelled'],
    ['planned → completed is skipping a step', ['completed'], 'error'],
    ['completed is final', ['running', 'completed', 'running'], 'error'],
    ['same status again is not a transition', ['running', 'running'], 'running'],
  ])('%s', (_case, statuses, expected) => {
    const sut = () =>
      statuses.reduce((s, st, i) => reduceRun(s, ev(i + 1, st)), reduceRun(undefined, created));
    if (expected === 'error') {
      expect(sut).toThrow(TransitionError);
    } else {
      expect(sut().status).toBe(expected);
    }
  });

  it('keeps the latest metric values and a short history', () => {
    let run = reduceRun(undefined, created);
    for (let i = 1; i <= 25; i++) {
      run = reduceRun(run, ev(i % 10, undefined, { loss: 1 / i }));
    }
    expect(run.metrics.loss?.latest).toBeCloseTo(1 / 25);
    expect(run.metrics.loss?.history).toHaveLength(20);
    expect(run.events).toBe(25);
  });
});

describe('reduceRun: what bound containers add', () => {
  const stamp = (containerId: string, startedAt: string) => ({
    containerId,
    containerName: `sim-${containerId}`,
    host: 'local',
    startedAt,
    image: 'img',
    imageId: 'sha256:1',
    repoDigests: [],
    labelsHash: 'sha256:2',
    composeProject: null,
    composeService: null,
    composeConfigHash: null,
    limits: null,
    command: ['sleep', '1'],
  });

  const event = (
    n: number,
    status: RunStatus | undefined,
    more: Partial<Extract<RunLine, { kind: 'event' }>>,
    metrics?: Record<string, number>,
  ): RunLine => ({ ...(ev(n, status, metrics) as Extract<RunLine, { kind: 'event' }>), ...more });

  it('keeps each status change with its note, metric steps, and the latest stamp per container', () => {
    const lines: RunLine[] = [
      event(1, 'running', { note: 'sim-a started', stamp: stamp('a', 'T1') }),
      event(2, undefined, { step: 40 }, { loss: 0.5 }),
      event(3, undefined, { stamp: stamp('a', 'T2') }),
      event(4, undefined, { stamp: stamp('b', 'T3') }),
      event(5, 'failed', { note: 'sim-a OOM-killed' }),
    ];
    const run = lines.reduce((s, l) => reduceRun(s, l), reduceRun(undefined, created));

    expect(run.statusHistory).toEqual([
      { status: 'running', at: '2026-01-01T00:00:01.000Z', note: 'sim-a started' },
      { status: 'failed', at: '2026-01-01T00:00:05.000Z', note: 'sim-a OOM-killed' },
    ]);
    expect(run.metrics.loss.history).toEqual([
      { value: 0.5, at: '2026-01-01T00:00:02.000Z', step: 40 },
    ]);
    expect(run.stamps?.map((s) => `${s.containerId}@${s.startedAt}`)).toEqual(['a@T2', 'b@T3']);
  });

  it('a run without any has neither field', () => {
    const run = reduceRun(reduceRun(undefined, created), ev(1, undefined, { loss: 1 }));
    expect(run).not.toHaveProperty('statusHistory');
    expect(run).not.toHaveProperty('stamps');
  });
});

describe('reduceObjective', () => {
  const enq: ObjectiveLine = { ...anObjectiveEnqueued('o1'), id: '01' };
  const tr = (state: ObjectiveState): ObjectiveLine => ({
    schema: 'simscope.meta-objective-event.v1',
    id: '02',
    objectiveId: 'o1',
    createdAt: '2026-01-01T00:00:01.000Z',
    kind: 'transition',
    state,
    owner: null,
  });

  it.each<[ObjectiveState[], ObjectiveState | 'error']>([
    [[], 'queued'],
    [['claimed', 'done'], 'done'],
    [['dropped'], 'dropped'],
    [['claimed', 'queued'], 'queued'],
    [['done'], 'error'],
    [['claimed', 'done', 'queued'], 'error'],
  ])('%j → %s', (states, expected) => {
    const sut = () =>
      states.reduce((o, s) => reduceObjective(o, tr(s)), reduceObjective(undefined, enq));
    if (expected === 'error') {
      expect(sut).toThrow(TransitionError);
    } else {
      expect(sut().state).toBe(expected);
    }
  });
});

describe('who changed a record last', () => {
  const ana: Author = { id: 'k1', name: 'ana', via: 'key' };
  const bob: Author = { id: 'bob', name: 'bob', via: 'proxy' };

  it.each<[string, (Author | undefined)[], Author | undefined]>([
    ['nobody yet', [], undefined],
    ['one author', [ana], ana],
    ['the latest of two', [ana, bob], bob],
    // An event nobody in particular sent (SIMSCOPE_AUTH=none) does not keep an earlier name.
    ['an anonymous event after a signed one', [ana, undefined], undefined],
  ])('run: %s', (_case, authors, expected) => {
    const run = authors.reduce(
      (r, author, i) => reduceRun(r, { ...ev(i + 1, undefined, { x: i }), author } as RunLine),
      reduceRun(undefined, { ...created, run: { ...created.run, author: ana } }),
    );
    expect([run.author, run.updatedBy]).toEqual([ana, expected]);
    expect('updatedBy' in run).toBe(expected !== undefined);
  });

  it("objective: the latest transition's author, beside who enqueued it", () => {
    const enq = anObjectiveEnqueued('o1');
    const queued = reduceObjective(undefined, {
      ...enq,
      objective: { ...enq.objective, author: ana },
    });
    const claimed = reduceObjective(queued, {
      schema: 'simscope.meta-objective-event.v1',
      id: '02',
      objectiveId: 'o1',
      createdAt: '2026-01-01T00:00:01.000Z',
      kind: 'transition',
      state: 'claimed',
      owner: null,
      author: bob,
    });
    expect([queued.updatedBy, claimed.author, claimed.updatedBy]).toEqual([undefined, ana, bob]);
  });
});

describe('defaultDedupeKey', () => {
  it('folds case and spacing, and distinguishes type and target', () => {
    expect(defaultDedupeKey('evaluation', 'c1', 'Run  the Eval')).toBe(
      defaultDedupeKey('evaluation', 'C1 ', 'run the eval'),
    );
    expect(defaultDedupeKey('training', 'c1', 'x')).not.toBe(
      defaultDedupeKey('evaluation', 'c1', 'x'),
    );
    expect(defaultDedupeKey('training', 'c1', 'x')).not.toBe(
      defaultDedupeKey('training', 'c2', 'x'),
    );
  });
});
