import type { Role } from '@simscope/contracts';
import { parseRoleGroups } from '../config/role-groups.js';
import { groupsOfClaim, roleOf } from './group-roles.js';

const roleGroups = parseRoleGroups(['admin:ops-admins', 'operator:sim-team', 'operator:ml']);

describe('roleOf', () => {
  it.each<[string[], Role | null, Role | null]>([
    [[], 'viewer', 'viewer'],
    [[], null, null],
    [['guests'], null, null],
    [['sim-team'], null, 'operator'],
    [['ml', 'sim-team'], 'viewer', 'operator'],
    [['sim-team', 'ops-admins'], 'viewer', 'admin'],
    [['ops-admins-not', 'xops-admins'], 'viewer', 'viewer'],
  ])('groups %j, default %p → %p', (groups, defaultRole, expected) => {
    expect(roleOf(groups, { roleGroups, defaultRole })).toBe(expected);
  });
});

describe('groupsOfClaim', () => {
  it.each<[unknown, string[]]>([
    [undefined, []],
    [null, []],
    [42, []],
    [
      ['ops-admins', ' sim-team ', '', 7],
      ['ops-admins', 'sim-team'],
    ],
    ['ops-admins,sim-team', ['ops-admins', 'sim-team']],
    ['ops-admins sim-team', ['ops-admins', 'sim-team']],
    [{ ops: true }, []],
  ])('%j → %j', (value, expected) => {
    expect(groupsOfClaim(value)).toEqual(expected);
  });
});
