import { aContainer } from '../testing/factories.js';
import { resolveRef, uniqueByName } from './resolve-ref.js';

const rows = [
  aContainer('abcdef0123', { name: 'sim-a', host: 'a' }),
  aContainer('abcd999999', { name: 'sim-b', host: 'b' }),
  aContainer('ffff000000', { name: 'twin', host: 'a' }),
  aContainer('eeee000000', { name: 'twin', host: 'b' }),
];
const byId = (id: string) => rows.find((r) => r.id === id);

describe('resolveRef', () => {
  it.each<[string, string | null]>([
    ['abcdef0123', 'abcdef0123'],
    ['a/abcdef0123', 'abcdef0123'],
    ['b/abcdef0123', null],
    ['sim-b', 'abcd999999'],
    ['/sim-b', 'abcd999999'],
    ['abcdef', 'abcdef0123'],
    ['abcd', null], // a prefix of two
    ['abc', null], // too short to be a prefix
    ['twin', null], // a name on two engines
    ['b/twin', 'eeee000000'],
    ['nothing', null],
  ])('%s → %s', (ref, id) => {
    expect(resolveRef(ref, byId, rows)?.id ?? null).toBe(id);
  });
});

describe('uniqueByName', () => {
  it('finds one, refuses a name on two engines', () => {
    expect(uniqueByName('sim-a', rows)?.id).toBe('abcdef0123');
    expect(uniqueByName('twin', rows)).toBeNull();
    expect(uniqueByName('none', rows)).toBeNull();
  });
});
