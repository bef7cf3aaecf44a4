import type { IncomingHttpHeaders } from 'node:http';
import type { Role } from '@simscope/contracts';
import { parseRoleGroups } from '../config/role-groups.js';
import { proxyIdentity, type ProxyOutcome } from './proxy-identity.js';

const NAMES = {
  user: 'x-forwarded-user',
  email: 'x-forwarded-email',
  groups: 'x-forwarded-groups',
};
const GROUPS = parseRoleGroups(['admin:ops-admins', 'operator:sim-team', 'operator:ml']);

const as = (name: string, role: Role): ProxyOutcome => ({
  kind: 'identity',
  identity: { id: name, name, role, via: 'proxy' },
});

describe('proxyIdentity', () => {
  it.each<[string, IncomingHttpHeaders, Role | null, ProxyOutcome]>([
    ['no headers', {}, 'viewer', { kind: 'absent' }],
    ['blank user', { 'x-forwarded-user': '  ' }, 'viewer', { kind: 'absent' }],
    ['groups without a user', { 'x-forwarded-groups': 'ops-admins' }, 'viewer', { kind: 'absent' }],
    [
      'user in no group → default',
      { 'x-forwarded-user': 'carol' },
      'viewer',
      as('carol', 'viewer'),
    ],
    [
      'user in no group, no default',
      { 'x-forwarded-user': 'carol', 'x-forwarded-groups': 'guests' },
      null,
      { kind: 'no_role', name: 'carol', groups: ['guests'] },
    ],
    [
      'operator group',
      { 'x-forwarded-user': 'bob', 'x-forwarded-groups': 'guests, sim-team' },
      null,
      as('bob', 'operator'),
    ],
    [
      'the highest of several groups',
      { 'x-forwarded-user': 'alice', 'x-forwarded-groups': 'sim-team,ops-admins,ml' },
      'viewer',
      as('alice', 'admin'),
    ],
    [
      'a group name must match whole',
      { 'x-forwarded-user': 'eve', 'x-forwarded-groups': 'ops-admins-not,xops-admins' },
      'viewer',
      as('eve', 'viewer'),
    ],
    [
      'e-mail only',
      { 'x-forwarded-email': 'dan@example.org' },
      'viewer',
      as('dan@example.org', 'viewer'),
    ],
    [
      'user wins over e-mail',
      { 'x-forwarded-user': 'dan', 'x-forwarded-email': 'dan@example.org' },
      'viewer',
      as('dan', 'viewer'),
    ],
    [
      'control characters dropped',
      { 'x-forwarded-user': 'fr\u0000ed\n' },
      'viewer',
      as('fred', 'viewer'),
    ],
    [
      'first of repeated headers',
      { 'x-forwarded-user': ['gina', 'mallory'] },
      'viewer',
      as('gina', 'viewer'),
    ],
  ])('%s', (_case, headers, fallback, expected) => {
    expect(proxyIdentity(headers, NAMES, { roleGroups: GROUPS, defaultRole: fallback })).toEqual(
      expected,
    );
  });

  it('caps a very long name', () => {
    const out = proxyIdentity({ 'x-forwarded-user': 'a'.repeat(1000) }, NAMES, {
      roleGroups: GROUPS,
      defaultRole: 'viewer',
    });
    expect(out.kind === 'identity' && out.identity.name.length).toBe(256);
  });
});
