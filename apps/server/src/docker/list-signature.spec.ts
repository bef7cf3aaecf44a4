import type { ContainerListItem } from '../adapters/docker/docker.types.js';
import { listSignature, needsInspect } from './list-signature.js';

const item = (overrides: Partial<ContainerListItem> = {}): ContainerListItem => ({
  id: 'a',
  name: 'sim-a',
  image: 'img',
  state: 'running',
  status: 'Up 5 minutes',
  labels: {},
  createdAt: '2026-01-01T00:00:00.000Z',
  networks: ['b', 'a'],
  ports: [],
  ...overrides,
});

describe('listSignature', () => {
  it('does not change as time passes', () => {
    expect(listSignature(item({ status: 'Up 6 minutes' }))).toBe(listSignature(item()));
    expect(listSignature(item({ networks: ['a', 'b'] }))).toBe(listSignature(item()));
  });

  it.each<[string, Partial<ContainerListItem>]>([
    ['state', { state: 'exited', status: 'Exited (0) 1 second ago' }],
    ['health', { status: 'Up 5 minutes (unhealthy)' }],
    ['exit code', { state: 'exited', status: 'Exited (3) 1 second ago' }],
    ['name', { name: 'sim-b' }],
    ['networks', { networks: ['a', 'b', 'sim-net'] }],
  ])('changes with the %s', (_what, change) => {
    expect(listSignature(item(change))).not.toBe(listSignature(item()));
  });
});

describe('needsInspect', () => {
  it.each<[string, Partial<ContainerListItem>, boolean]>([
    ['running without a healthcheck', {}, false],
    ['running and healthy', { status: 'Up 1 minute (healthy)' }, false],
    ['running, health starting', { status: 'Up 1 second (health: starting)' }, true],
    ['running and unhealthy', { status: 'Up 1 minute (unhealthy)' }, true],
    [
      'exited (OOM or not needs inspect)',
      { state: 'exited', status: 'Exited (137) 1 second ago' },
      true,
    ],
    ['restarting', { state: 'restarting', status: 'Restarting (3) 1 second ago' }, true],
  ])('%s → %s', (_case, change, expected) => {
    expect(needsInspect(item(change))).toBe(expected);
  });
});
