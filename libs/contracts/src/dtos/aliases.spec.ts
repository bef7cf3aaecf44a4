import { Alias, aliasesOf, parseTarget, resolveAliases, splitList, toTargets } from './aliases.js';
import { CreateRunDto } from './create-run.dto.js';
import { RunsQueryDto } from './runs-query.dto.js';

class Parent {
  @Alias('old_name')
  name?: string;
}
class Child extends Parent {
  @Alias('run_type', 'kind_of')
  type?: string;
}

describe('aliasesOf', () => {
  it('collects the class’s aliases and its parents’', () => {
    expect([...aliasesOf(Child)].sort()).toEqual([
      ['kind_of', 'type'],
      ['old_name', 'name'],
      ['run_type', 'type'],
    ]);
    expect([...aliasesOf(Parent)]).toEqual([['old_name', 'name']]);
  });

  it('knows the original runtime’s run fields', () => {
    expect(Object.fromEntries(aliasesOf(CreateRunDto))).toEqual({
      run_type: 'type',
      model_ref: 'model',
      dataset_ref: 'dataset',
      notes: 'description',
    });
    expect(aliasesOf(RunsQueryDto).get('run_type')).toBe('type');
  });
});

describe('resolveAliases', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, Record<string, string[]>]>([
    ['no aliases', { type: 'a', x: 1 }, { type: 'a', x: 1 }, {}],
    ['an alias renamed', { run_type: 'a', x: 1 }, { type: 'a', x: 1 }, {}],
    ['both, agreeing', { run_type: 'a', type: 'a' }, { type: 'a' }, {}],
    [
      'both, disagreeing',
      { run_type: 'a', type: 'b' },
      { type: 'b' },
      { run_type: ['run_type and type are the same field with different values: send one'] },
    ],
    [
      'two aliases of one field disagreeing',
      { run_type: 'a', kind_of: 'b' },
      { type: 'a' },
      { kind_of: ['kind_of and type are the same field with different values: send one'] },
    ],
    ['an alias set to undefined is dropped', { run_type: undefined, type: 'b' }, { type: 'b' }, {}],
    ['lists compared by value', { old_name: ['x'], name: ['x'] }, { name: ['x'] }, {}],
  ])('%s', (_, body, expected, errors) => {
    expect(resolveAliases(Child, body)).toEqual({ body: expected, errors });
  });
});

describe('splitList', () => {
  it.each<[string, unknown, unknown]>([
    ['a list', ['a', 'b'], ['a', 'b']],
    ['a comma-separated string', 'a, b ,c', ['a', 'b', 'c']],
    ['empties dropped', ' , a,,', ['a']],
    ['repeats ignoring case, first kept', ['GPU', 'gpu', 'Gpu ', 'cpu'], ['GPU', 'cpu']],
    ['non-strings left for the validator', ['a', 3], ['a', 3]],
    ['not a list at all', 42, 42],
    ['an empty string', '', []],
  ])('%s', (_, value, expected) => {
    expect(splitList(value)).toEqual(expected);
  });
});

describe('parseTarget and toTargets', () => {
  it.each<[string, string, unknown]>([
    ['kind:id', 'cluster:sweep-a', { kind: 'cluster', id: 'sweep-a' }],
    ['a kind in capitals', 'RUN: 01ABC', { kind: 'run', id: '01ABC' }],
    ['a bare name is a container', 'sim-a-1', { kind: 'container', id: 'sim-a-1' }],
    ['an unknown prefix stays part of the name', 'gpu1:sim', { kind: 'container', id: 'gpu1:sim' }],
    ['a leading colon', ':x', { kind: 'container', id: ':x' }],
  ])('%s', (_, text, expected) => {
    expect(parseTarget(text)).toEqual(expected);
  });

  it.each<[string, unknown, unknown]>([
    [
      'one comma-separated string',
      'sim-1, experiment:lr',
      [
        { kind: 'container', id: 'sim-1' },
        { kind: 'experiment', id: 'lr' },
      ],
    ],
    [
      'objects and strings mixed, repeats once',
      [{ kind: 'container', id: 'sim-1' }, 'sim-1', 'container:sim-1', ''],
      [{ kind: 'container', id: 'sim-1' }],
    ],
    ['malformed items left for the validator', [[], 3], [[], 3]],
    ['not a list', 7, 7],
  ])('%s', (_, value, expected) => {
    expect(toTargets(value)).toEqual(expected);
  });
});
