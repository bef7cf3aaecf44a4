import type { Me, Role } from '@simscope/contracts';
import { sessionAllows, sessionLabel, type Session } from './identity';

const known = (role: Role, via: Me['via'] = 'key', name = 'alice'): Session => ({
  kind: 'known',
  me: { user: via === 'none' ? null : { id: name, name }, role, via },
});

describe('sessionAllows', () => {
  it.each<[string, Session, Role, boolean]>([
    ['unknown may try anything (the server decides)', { kind: 'unknown' }, 'admin', true],
    ['signed out may not read', { kind: 'signed-out', message: '401' }, 'viewer', false],
    ['a viewer reads', known('viewer'), 'viewer', true],
    ['a viewer does not write', known('viewer'), 'operator', false],
    ['an operator writes', known('operator'), 'operator', true],
    ['an operator does not manage keys', known('operator'), 'admin', false],
    ['none mode is everyone', known('admin', 'none'), 'admin', true],
  ])('%s', (_case, session, role, expected) => {
    expect(sessionAllows(session, role)).toBe(expected);
  });
});

describe('sessionLabel', () => {
  it.each<[Session, string | null]>([
    [{ kind: 'unknown' }, null],
    [known('admin', 'none'), null],
    [known('operator', 'key', 'alice'), 'alice · operator'],
    [known('viewer', 'proxy', 'carol@example.org'), 'carol@example.org · viewer'],
  ])('%j → %p', (session, expected) => {
    expect(sessionLabel(session)).toBe(expected);
  });
});
