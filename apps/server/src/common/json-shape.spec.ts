import { jsonShapeProblem } from './json-shape.js';

const nested = (levels: number): unknown => {
  let v: unknown = 'leaf';
  for (let i = 0; i < levels; i++) {
    v = { a: v };
  }
  return v;
};

describe('jsonShapeProblem', () => {
  it('ends on a cyclic object (a socket or request handed to a pipe)', () => {
    const a: Record<string, unknown> = { name: 'socket' };
    a['self'] = a;
    expect(jsonShapeProblem(a)).toBeNull();
  });

  it.each<[string, unknown, RegExp | null]>([
    ['a plain body', { title: 'ok', tags: ['a', 'b'], targets: [{ kind: 'run', id: 'x' }] }, null],
    ['null and numbers', { a: null, b: 1, c: true }, null],
    ['31 levels', nested(31), null],
    ['33 levels', nested(33), /nests deeper than 32/],
    [
      '5,000 levels of arrays',
      JSON.parse('['.repeat(5000) + ']'.repeat(5000)) as unknown,
      /deeper/,
    ],
    ['a lone high surrogate in a value', { title: 'a\uD800b' }, /^title contains a lone surrogate/],
    ['a lone low surrogate in a list', { tags: ['ok', '\uDC00'] }, /^tags\[1\] contains/],
    ['a lone surrogate in a key', { ['k\uD800']: 1 }, /a key in body/],
    ['a real emoji (a surrogate pair)', { title: 'run 🚀' }, null],
  ])('%s', (_, value, problem) => {
    const got = jsonShapeProblem(value);
    if (problem === null) {
      expect(got).toBeNull();
    } else {
      expect(got?.message).toMatch(problem);
    }
  });
});
