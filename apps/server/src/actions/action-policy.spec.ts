import type { ContainerAction } from '@simscope/contracts';
import { aContainer } from '../testing/factories.js';
import type { Identity } from '../auth/identity.js';
import { containerIdFromMountinfo, refusal, type Self } from './action-policy.js';

const admin: Identity = { id: 'k1', name: 'ada', role: 'admin', via: 'key' };
const operator: Identity = { id: 'k2', name: 'otto', role: 'operator', via: 'key' };
const SELF_ID = 'a'.repeat(64);
const self: Self = { containerId: SELF_ID, prefix: 'simscope' };

const sim = aContainer('b'.repeat(64), { name: 'sim-1', composeProject: 'lab' });
const own = aContainer(SELF_ID, { name: 'simscope-server-1', composeProject: 'simscope' });
const ownNginx = aContainer('n1', { name: 'simscope-nginx-1', composeProject: 'simscope' });
const labelled = aContainer('p1', {
  name: 'proxy',
  labels: { 'simscope.component': 'docker-api' },
});
const guarded = aContainer('d1', { name: 'db', labels: { 'simscope.protected': ' TRUE ' } });
const notGuarded = aContainer('d2', { name: 'db2', labels: { 'simscope.protected': 'false' } });
const rows = [sim, own, ownNginx, labelled, guarded, notGuarded];

describe('refusal', () => {
  it.each<[string, ContainerAction, typeof sim, Identity, Self, string | null]>([
    ['an admin restarting a simulation', 'restart', sim, admin, self, null],
    ['an operator', 'stop', sim, operator, self, 'stop needs the admin role; otto is operator'],
    [
      "simscope's own container, found by id",
      'stop',
      own,
      admin,
      self,
      "simscope-server-1 is simscope's own container: simscope never acts on itself",
    ],
    [
      'the rest of its compose project',
      'restart',
      ownNginx,
      admin,
      self,
      "simscope-nginx-1 is in simscope's own compose project (simscope): simscope never acts on itself",
    ],
    [
      'a container labelled as a simscope component',
      'stop',
      labelled,
      admin,
      self,
      "proxy is simscope's own container (docker-api): simscope never acts on itself",
    ],
    [
      'a protected container',
      'start',
      guarded,
      admin,
      self,
      'db is labelled simscope.protected=true',
    ],
    ['protected=false', 'start', notGuarded, admin, self, null],
    [
      'outside a container, its compose project is unknown',
      'restart',
      ownNginx,
      admin,
      { containerId: null, prefix: 'simscope' },
      null,
    ],
    [
      'another label prefix',
      'start',
      aContainer('x1', { name: 'x', labels: { 'lab.protected': 'true' } }),
      admin,
      { containerId: null, prefix: 'lab' },
      'x is labelled lab.protected=true',
    ],
  ])('%s', (_, action, row, who, s, expected) => {
    expect(refusal(action, row, who, s, rows)).toBe(expected);
  });
});

describe('containerIdFromMountinfo', () => {
  const id = 'c'.repeat(64);
  it.each([
    [
      `612 590 0:52 /docker/containers/${id}/hostname /etc/hostname rw,relatime - ext4 /dev/sda1 rw`,
      id,
    ],
    [`1 2 0:1 /var/lib/docker/containers/${id}/resolv.conf /etc/resolv.conf rw - ext4 x rw`, id],
    ['25 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw', null],
    [`1 2 0:1 /containers/${id}/mounts/shm /dev/shm rw - tmpfs shm rw`, null],
  ])('%s → %s', (text, expected) => {
    expect(containerIdFromMountinfo(text)).toBe(expected);
  });
});
