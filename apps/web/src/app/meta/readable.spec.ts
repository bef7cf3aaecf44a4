import { noteFactory } from '../../testing/factories';
import { byline, partition, readableNote, readableObjective, readableRun } from './readable';

describe('readable records', () => {
  const note = noteFactory();
  it.each<[string, unknown, boolean]>([
    ['a note', note, true],
    ['null', null, false],
    ['an empty object', {}, false],
    ['a note whose target is {}', { ...note, targets: [{}] }, false],
    ['a note whose target is a nested array', { ...note, targets: [[]] }, false],
    ['a note without tags', { ...note, tags: undefined }, false],
    ['a note whose title is a number', { ...note, title: 42 }, false],
  ])('%s readable as a note: %p', (_, value, ok) => {
    expect(readableNote(value)).toBe(ok);
  });

  it('checks runs and objectives for the fields their tables read', () => {
    expect(
      readableRun({
        id: 'r',
        title: 't',
        type: 'training',
        status: 'planned',
        updatedAt: '',
        metrics: {},
      }),
    ).toBe(true);
    expect(readableRun({ id: 'r', title: 't' })).toBe(false);
    expect(
      readableObjective({
        id: 'o',
        objective: 'x',
        objectiveType: 'evaluation',
        priority: 'high',
        state: 'queued',
        createdAt: '',
      }),
    ).toBe(true);
    expect(readableObjective({ id: 'o', state: 'queued' })).toBe(false);
  });

  it('partitions a list into what can be shown and a count of what cannot', () => {
    expect(partition([note, {}, null, note], readableNote)).toEqual([[note, note], 2]);
    expect(partition(undefined, readableNote)).toEqual([[], 0]);
  });
});

describe('byline', () => {
  const alice = { id: 'k1', name: 'alice', via: 'key' as const };
  it.each<[string | null, typeof alice | undefined, string]>([
    [null, undefined, ''],
    ['  ', undefined, ''],
    ['ops rota', undefined, 'ops rota · '],
    [null, alice, 'alice · '],
    ['alice', alice, 'alice · '],
    ['ops rota', alice, 'ops rota (by alice) · '],
  ])('owner %p, author %p → %p', (owner, author, expected) => {
    expect(byline({ owner, author })).toBe(expected);
  });
});
