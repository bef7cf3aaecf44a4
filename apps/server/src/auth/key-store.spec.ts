import { KeyStore } from './key-store.js';

describe('KeyStore', () => {
  it('verifies a created key by its secret, and nothing else', async () => {
    const sut = new KeyStore();
    const { line, key } = await sut.create('alice', 'operator', new Date(0));
    expect(sut.apply(line)).toBeNull();

    const flip = key.at(-1) === 'a' ? 'b' : 'a';
    expect(await sut.verify(key)).toEqual({
      id: line.id,
      name: 'alice',
      role: 'operator',
      createdAt: '1970-01-01T00:00:00.000Z',
    });
    expect(await sut.verify(`${key.slice(0, -1)}${flip}`)).toBeNull();
    expect(await sut.verify(key.replace(line.id, '000000000000'))).toBeNull();
    expect(await sut.verify('')).toBeNull();
    expect(await sut.verify('not-a-key')).toBeNull();
  });

  it('stores only a salted hash: the secret is in no line, and two keys never share a salt', async () => {
    const sut = new KeyStore();
    const a = await sut.create('a', 'viewer');
    const b = await sut.create('b', 'viewer');

    const secretOf = (key: string) => key.split('_').slice(2).join('_');
    expect(JSON.stringify(a.line)).not.toContain(secretOf(a.key));
    expect(a.line.salt).not.toBe(b.line.salt);
    expect(sut.list()).toEqual([]); // nothing until the lines are applied (stored first)
  });

  it('forgets a revoked key at once, even one it had already verified', async () => {
    const sut = new KeyStore();
    const { line, key } = await sut.create('temp', 'viewer');
    sut.apply(line);
    expect(await sut.verify(key)).not.toBeNull(); // now remembered

    sut.apply({ schema: 'simscope.auth-key.v1', kind: 'revoked', id: line.id, at: 'x' });

    expect(await sut.verify(key)).toBeNull();
    expect(sut.list()).toEqual([]);
    expect(sut.has(line.id)).toBe(false);
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'not a key line'],
    ['another schema', { schema: 'simscope.meta-note.v1', id: 'x' }, 'not a key line'],
    [
      'a created key without its hash',
      { schema: 'simscope.auth-key.v1', kind: 'created', id: 'x', name: 'n', role: 'admin' },
      'a created key without its fields',
    ],
    [
      'an unknown role',
      {
        schema: 'simscope.auth-key.v1',
        kind: 'created',
        id: 'x',
        name: 'n',
        role: 'root',
        createdAt: 't',
        salt: 's',
        hash: 'h',
      },
      'a created key without its fields',
    ],
    [
      'an unknown kind',
      { schema: 'simscope.auth-key.v1', kind: 'renamed', id: 'x' },
      'an unknown kind of key line',
    ],
  ])('refuses a stored line that is %s', (_name, line, reason) => {
    expect(new KeyStore().apply(line)).toBe(reason);
  });
});
