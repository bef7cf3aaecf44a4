import type { Run, RunStatus, SimulationContainer, Target } from '@simscope/contracts';
import { reduceRun } from '../meta/reducers.js';
import { aContainer, aRunCreated } from '../testing/factories.js';
import { failureOf, labelsHash, runSteps, runsOf } from './binding.js';

const aRun = (id: string, status: RunStatus = 'planned', targets: Target[] = []): Run => ({
  ...reduceRun(undefined, aRunCreated(id, { targets })),
  status,
});

const running = (id: string, o: Partial<SimulationContainer> = {}) =>
  aContainer(id, { state: 'running', startedAt: '2026-01-01T00:00:00Z', ...o });
const exited = (id: string, exitCode: number, o: Partial<SimulationContainer> = {}) =>
  aContainer(id, {
    state: 'exited',
    phase: exitCode === 0 ? 'exited' : 'failed',
    exitCode,
    startedAt: '2026-01-01T00:00:00Z',
    ...o,
  });

describe('runsOf', () => {
  const runs = [
    aRun('r-label'),
    aRun('r-container', 'running', [{ kind: 'container', id: 'sim-c1' }]),
    aRun('r-experiment', 'planned', [{ kind: 'experiment', id: 'exp-a' }]),
    aRun('r-cluster', 'planned', [{ kind: 'cluster', id: 'lab' }]),
    aRun('r-done', 'completed', [{ kind: 'cluster', id: 'lab' }]),
    aRun('r-prefix', 'running', [{ kind: 'container', id: 'c1c1c1c1c1c1' }]),
  ];
  const find = (ref: string) => runs.find((r) => r.id === ref || `legacy-${r.id}` === ref);

  it.each([
    ['no label, no target', aContainer('x'), []],
    ['the run label', aContainer('x', { labels: { 'simscope.run': 'r-label' } }), ['r-label']],
    ['the run label by legacy id', aContainer('x', { labels: { 'simscope.run': 'legacy-r-label' } }), ['r-label']],
    ['a label naming no run', aContainer('x', { labels: { 'simscope.run': 'nope' } }), []],
    ['a target naming the container', aContainer('c1'), ['r-container']],
    ['a target naming a 12-digit id prefix', aContainer('c1c1c1c1c1c1c1c1'), ['r-prefix']],
    ['its experiment', aContainer('x', { experiment: 'exp-a' }), ['r-experiment']],
    ['its cluster (not the completed run)', aContainer('x', { cluster: 'lab' }), ['r-cluster']],
    [
      'label and target together',
      aContainer('c1', { labels: { 'simscope.run': 'r-label' }, cluster: 'lab' }),
      ['r-label', 'r-container', 'r-cluster'],
    ],
  ])('%s', (_, row, expected) => {
    expect(runsOf(row, runs, 'simscope.run', find)).toEqual(expected);
  });
});

describe('failureOf', () => {
  it.each([
    [exited('a', 0), null],
    [exited('a', 3), 'exited with code 3'],
    [exited('a', 137), 'killed (SIGKILL)'],
    [exited('a', 137, { oomKilled: true, phase: 'oom-killed' }), 'OOM-killed'],
    [running('a', { phase: 'crashloop' }), 'crash-looping'],
  ])('%#', (row, why) => {
    expect(failureOf(row)).toBe(why);
  });
});

describe('runSteps', () => {
  it.each([
    ['nothing bound', 'planned', [], []],
    ['bound but never started', 'planned', [aContainer('a', { state: 'created', phase: 'created' })], []],
    ['a start', 'planned', [running('a')], [['running', 'sim-a started']]],
    ['already running', 'running', [running('a')], []],
    ['a clean exit', 'running', [exited('a', 0)], [['completed', 'sim-a exited 0']]],
    [
      'a clean exit never seen running',
      'planned',
      [exited('a', 0)],
      [
        ['running', 'sim-a started'],
        ['completed', 'sim-a exited 0'],
      ],
    ],
    ['one still running', 'running', [exited('a', 0), running('b')], []],
    ['all done', 'running', [exited('a', 0), exited('b', 0)], [['completed', 'all 2 containers exited 0']]],
    [
      'an OOM kill among them',
      'running',
      [exited('a', 0), exited('b', 137, { oomKilled: true })],
      [['failed', 'sim-b OOM-killed']],
    ],
    ['a non-zero exit', 'running', [exited('a', 3)], [['failed', 'sim-a exited with code 3']]],
    [
      'a crash loop fails it while Docker restarts it',
      'running',
      [running('a', { phase: 'crashloop' }), running('b')],
      [['failed', 'sim-a crash-looping']],
    ],
    ['a finished run stays', 'completed', [exited('a', 3)], []],
    ['a cancelled run stays', 'cancelled', [running('a')], []],
  ] as const)('%s', (_, status, rows, steps) => {
    expect(runSteps(status, rows).map((s) => [s.status, s.note])).toEqual(steps);
  });
});

describe('labelsHash', () => {
  it('does not depend on key order, and changes with a value', () => {
    expect(labelsHash({ a: '1', b: '2' })).toBe(labelsHash({ b: '2', a: '1' }));
    expect(labelsHash({ a: '1', b: '2' })).not.toBe(labelsHash({ a: '1', b: '3' }));
    expect(labelsHash({})).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
