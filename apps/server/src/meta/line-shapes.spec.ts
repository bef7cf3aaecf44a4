import { aRunCreated, anObjectiveEnqueued } from '../testing/factories.js';
import { checkNote, checkObjectiveLine, checkRunLine } from './line-shapes.js';

const note = {
  schema: 'simscope.meta-note.v1',
  id: '01J0',
  createdAt: '2026-01-01T00:00:00.000Z',
  owner: null,
  category: 'failure',
  severity: 'warning',
  title: 'oom',
  text: '',
  tags: ['gpu'],
  targets: [{ kind: 'container', id: 'abc' }],
  source: 'user',
};
const created = aRunCreated('01R0');
const enqueued = anObjectiveEnqueued('01O0', { objective: 'fix it', priority: 'high' });

describe('stored line shapes', () => {
  it.each<[string, (v: unknown) => string | null, unknown, RegExp | null]>([
    ['a note', checkNote, note, null],
    ['an empty object', checkNote, {}, /field id/],
    ['null', checkNote, null, /not an object \(null\)/],
    ['an array', checkNote, [], /an array/],
    ['a note whose target is an empty object', checkNote, { ...note, targets: [{}] }, /targets/],
    ['a note whose target is a nested array', checkNote, { ...note, targets: [[]] }, /targets/],
    ['a note with a blank title', checkNote, { ...note, title: '  ' }, /title/],
    ['a note with an unknown category', checkNote, { ...note, category: 'x' }, /category/],
    ['a note with a bad date', checkNote, { ...note, createdAt: '2020-W01-x' }, /createdAt/],
    ['a note with a context', checkNote, { ...note, context: { gpu: 0, ok: true } }, null],
    [
      'a note with a nested context',
      checkNote,
      { ...note, context: { a: { b: 1 } } },
      /field context is malformed/,
    ],
    ['a note with a context list', checkNote, { ...note, context: [1] }, /context/],
    ['a run creation', checkRunLine, created, null],
    [
      'a run creation with a description',
      checkRunLine,
      { ...created, run: { ...created.run, description: 'why' } },
      null,
    ],
    [
      'a run creation with a numeric description',
      checkRunLine,
      { ...created, run: { ...created.run, description: 3 } },
      /run: field description/,
    ],
    [
      'a run event',
      checkRunLine,
      { ...created, kind: 'event', owner: null, status: 'running' },
      null,
    ],
    ['a run of an unknown kind', checkRunLine, { ...created, kind: 'deleted' }, /kind/],
    ['a creation for another run', checkRunLine, { ...created, runId: 'other' }, /run: field id/],
    [
      'an event with a non-number metric',
      checkRunLine,
      { ...created, kind: 'event', owner: null, metrics: { loss: 'x' } },
      /metrics/,
    ],
    [
      'a run created by someone',
      checkRunLine,
      { ...created, run: { ...created.run, author: { id: 'k1', name: 'ana', via: 'key' } } },
      null,
    ],
    [
      'a run created by a malformed author',
      checkRunLine,
      { ...created, run: { ...created.run, author: { name: 'ana' } } },
      /run: field author is malformed/,
    ],
    [
      'a run event with a malformed author',
      checkRunLine,
      { ...created, kind: 'event', owner: null, author: 'ana' },
      /^field author is malformed$/,
    ],
    ['an enqueue', checkObjectiveLine, enqueued, null],
    [
      'an enqueue with a malformed author',
      checkObjectiveLine,
      { ...enqueued, objective: { ...enqueued.objective, author: [] } },
      /objective: field author is malformed/,
    ],
    [
      'a transition by someone',
      checkObjectiveLine,
      {
        ...enqueued,
        kind: 'transition',
        state: 'claimed',
        owner: null,
        author: { id: 'bob', name: 'bob', via: 'proxy' },
      },
      null,
    ],
    [
      'a transition with a malformed author',
      checkObjectiveLine,
      { ...enqueued, kind: 'transition', state: 'claimed', owner: null, author: { id: '' } },
      /^field author is malformed$/,
    ],
    [
      'a transition',
      checkObjectiveLine,
      { ...enqueued, kind: 'transition', state: 'claimed', owner: null },
      null,
    ],
    [
      'a transition to an unknown state',
      checkObjectiveLine,
      { ...enqueued, kind: 'transition', state: 'paused', owner: null },
      /state/,
    ],
    [
      'an objective with an unknown priority',
      checkObjectiveLine,
      { ...enqueued, objective: { ...enqueued.objective, priority: 'urgent' } },
      /priority/,
    ],
  ])('%s', (_, check, value, reason) => {
    const got = check(value);
    if (reason === null) {
      expect(got).toBeNull();
    } else {
      expect(got).toMatch(reason);
    }
  });
});
