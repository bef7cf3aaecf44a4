import { parseRoleGroups } from './role-groups.js';

describe('parseRoleGroups', () => {
  it.each([['admin'], ['admin:'], ['boss:ops'], [':ops']])('refuses %p', (entry) => {
    expect(() => parseRoleGroups([entry])).toThrow(`'${entry}' is not role:group`);
  });

  it('keeps a colon inside the group name', () => {
    expect(parseRoleGroups(['viewer:cn=ops:read'])).toEqual([
      { role: 'viewer', group: 'cn=ops:read' },
    ]);
  });
});
