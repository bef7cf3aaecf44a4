import type { Note } from '@simscope/contracts';
import { aNote } from '../testing/factories.js';
import { NoteIndex, type NoteFilter } from './note-index.js';

const DAY = 86_400_000;
const at = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * DAY).toISOString();

/** Ten notes, ids n00…n09 one day apart, in segments of four. */
const NOTES: Note[] = Array.from({ length: 10 }, (_, i) =>
  aNote(`n${String(i).padStart(2, '0')}`, {
    createdAt: at(i),
    category: i % 3 === 0 ? 'failure' : 'observation',
    severity: i % 2 === 0 ? 'warning' : 'info',
    tags: i % 4 === 0 ? ['gpu', 'oom'] : ['cpu'],
    targets: [{ kind: 'container', id: `c${i % 2}` }],
    source: i === 9 ? 'docker' : 'user',
  }),
);

function indexOf(notes: Note[]): NoteIndex {
  const sut = new NoteIndex();
  notes.forEach((n, i) => sut.add(n, { segment: Math.floor(i / 4), offset: i * 100, length: 99 }));
  sut.seal();
  return sut;
}

const ids = (sut: NoteIndex, ordinals: number[]) => ordinals.map((o) => sut.idAt(o));

describe('NoteIndex.query', () => {
  it.each<[string, NoteFilter, number, string | undefined, string[]]>([
    [
      'everything, newest first',
      {},
      50,
      undefined,
      ['n09', 'n08', 'n07', 'n06', 'n05', 'n04', 'n03', 'n02', 'n01', 'n00'],
    ],
    ['a limit', {}, 3, undefined, ['n09', 'n08', 'n07']],
    ['after a cursor', {}, 3, 'n05', ['n04', 'n03', 'n02']],
    ['a cursor between ids', {}, 2, 'n05x', ['n05', 'n04']],
    ['by category', { category: 'failure' }, 50, undefined, ['n09', 'n06', 'n03', 'n00']],
    ['by severity', { severity: 'warning' }, 50, undefined, ['n08', 'n06', 'n04', 'n02', 'n00']],
    ['by tag', { tag: 'gpu' }, 50, undefined, ['n08', 'n04', 'n00']],
    ['by target', { target: 'c1' }, 50, undefined, ['n09', 'n07', 'n05', 'n03', 'n01']],
    ['by source', { source: 'docker' }, 50, undefined, ['n09']],
    [
      'two lists intersected',
      { category: 'failure', severity: 'warning' },
      50,
      undefined,
      ['n06', 'n00'],
    ],
    ['three lists', { category: 'failure', tag: 'gpu', target: 'c0' }, 50, undefined, ['n00']],
    ['an unknown tag', { tag: 'nope' }, 50, undefined, []],
    ['an empty intersection', { source: 'docker', severity: 'warning' }, 50, undefined, []],
    ['since (inclusive)', { sinceMs: Date.parse(at(7)) }, 50, undefined, ['n09', 'n08', 'n07']],
    ['until (inclusive)', { untilMs: Date.parse(at(1)) }, 50, undefined, ['n01', 'n00']],
    [
      'a window with a list',
      { tag: 'cpu', sinceMs: Date.parse(at(2)), untilMs: Date.parse(at(6)) },
      50,
      undefined,
      ['n06', 'n05', 'n03', 'n02'],
    ],
    ['a list after a cursor', { target: 'c0' }, 2, 'n06', ['n04', 'n02']],
  ])('%s', (_case, filter, limit, cursor, expected) => {
    const sut = indexOf(NOTES);

    const { ordinals, resume } = sut.query(filter, limit, sut.bound(cursor));

    expect(ids(sut, ordinals)).toEqual(expected);
    expect(resume).toBeNull();
  });

  it('answers once for a note that repeats a tag or a target', () => {
    const sut = indexOf([
      aNote('r1', {
        tags: ['gpu', 'gpu'],
        targets: [
          { kind: 'container', id: 'c1' },
          { kind: 'cluster', id: 'c1' },
        ],
      }),
      aNote('r2', { tags: ['gpu'] }),
    ]);

    expect(ids(sut, sut.query({ tag: 'gpu' }, 10).ordinals)).toEqual(['r2', 'r1']);
    expect(ids(sut, sut.query({ target: 'c1', tag: 'gpu' }, 10).ordinals)).toEqual(['r1']);
  });

  it('gives the same answers when the notes were loaded out of id order', () => {
    const shuffled = [
      NOTES[3],
      NOTES[0],
      NOTES[9],
      NOTES[1],
      NOTES[7],
      NOTES[2],
      NOTES[8],
      NOTES[4],
      NOTES[6],
      NOTES[5],
    ] as Note[];
    const sut = indexOf(shuffled);

    expect(ids(sut, sut.query({}, 50).ordinals)).toEqual(NOTES.map((n) => n.id).reverse());
    expect(ids(sut, sut.query({ category: 'failure' }, 50).ordinals)).toEqual([
      'n09',
      'n06',
      'n03',
      'n00',
    ]);
    expect(sut.location(sut.query({ tag: 'gpu' }, 1).ordinals[0] ?? -1)).toEqual({
      segment: 1,
      offset: 600,
      length: 99,
    });
  });

  it('stops when its budget is spent and resumes where it stopped', () => {
    const sut = indexOf(NOTES);
    const seen: string[] = [];
    let bound: number | null = sut.bound();
    let rounds = 0;

    while (bound !== null) {
      const step = sut.query({ severity: 'info' }, 50, bound, 2);
      seen.push(...ids(sut, step.ordinals).map(String));
      bound = step.resume;
      rounds++;
    }

    expect(seen).toEqual(['n09', 'n07', 'n05', 'n03', 'n01']);
    expect(rounds).toBe(3);
  });

  it('leaves archived segments out of answers and counts', () => {
    const sut = indexOf(NOTES);

    sut.archiveThrough(1);

    expect(sut.size).toBe(2);
    expect(ids(sut, sut.query({}, 50).ordinals)).toEqual(['n09', 'n08']);
    expect(sut.has({ tag: 'gpu' })).toBe(true);
    expect(sut.has({ target: 'c1', severity: 'warning' })).toBe(false);
    expect(sut.has({ category: 'failure', tag: 'oom' })).toBe(false);
  });

  it('dumps without its archived entries and restores to the same answers', () => {
    const sut = indexOf(NOTES);
    sut.archiveThrough(0);

    const restored = NoteIndex.restore(sut.dump(1));

    expect(restored.size).toBe(6);
    expect(ids(restored, restored.query({ tag: 'gpu' }, 50).ordinals)).toEqual(['n08', 'n04']);
    expect(ids(restored, restored.query({}, 2, restored.bound('n06')).ordinals)).toEqual([
      'n05',
      'n04',
    ]);
    expect(restored.location(restored.query({ target: 'c1' }, 1).ordinals[0] ?? -1)).toEqual({
      segment: 1,
      offset: 900,
      length: 99,
    });
  });

  it('keeps answering as live notes are appended', () => {
    const sut = indexOf(NOTES);

    sut.add(aNote('n10', { tags: ['gpu'] }), { segment: 2, offset: 1000, length: 50 });

    expect(ids(sut, sut.query({ tag: 'gpu' }, 2).ordinals)).toEqual(['n10', 'n08']);
    expect(sut.lastId).toBe('n10');
    expect(sut.size).toBe(11);
  });
});
