import { TestBed } from '@angular/core/testing';
import type { StackDetail, StacksDelta } from '@simscope/contracts';
import { FakeSocket } from '../../testing/factories';
import { liveStoreProviders } from '../../testing/live-store';
import { LiveConnection } from '../core/live-connection';
import { StacksStore, applyStacksDelta } from './stacks.store';

const aStack = (name: string, fingerprint = 'f1') =>
  ({ name, fingerprint, services: [], edges: [], cycles: [] }) as unknown as StackDetail;
const aDelta = (over: Partial<StacksDelta>): StacksDelta => ({
  schema: 'simscope.stacks-delta.v1',
  full: false,
  changed: [],
  removed: [],
  ...over,
});
const names = (m: ReadonlyMap<string, StackDetail>) =>
  [...m.values()].map((s) => `${s.name}:${s.fingerprint}`);

describe('applyStacksDelta', () => {
  const current = new Map([
    ['a', aStack('a')],
    ['b', aStack('b')],
  ]);
  it.each<[string, Partial<StacksDelta>, string[]]>([
    ['a full delta replaces everything', { full: true, changed: [aStack('c')] }, ['c:f1']],
    ['a change replaces that stack', { changed: [aStack('b', 'f2')] }, ['a:f1', 'b:f2']],
    ['a new stack is added', { changed: [aStack('c')] }, ['a:f1', 'b:f1', 'c:f1']],
    ['a removed stack goes', { removed: ['a'] }, ['b:f1']],
    ['an unknown removal is ignored', { removed: ['zz'] }, ['a:f1', 'b:f1']],
  ])('%s', (_, delta, expected) => {
    expect(names(applyStacksDelta(current, aDelta(delta)))).toEqual(expected);
  });
});

function setup(rest: StackDetail[]) {
  const socket = new FakeSocket();
  const client = {
    stacks: jest.fn(() =>
      Promise.resolve({
        schema: 'simscope.stacks.v1',
        stacks: rest.map((s) => ({ name: s.name })),
      }),
    ),
    stack: jest.fn((name: string) => Promise.resolve(rest.find((s) => s.name === name))),
  };
  TestBed.configureTestingModule({
    providers: [...liveStoreProviders(socket, client)],
  });
  TestBed.inject(LiveConnection);
  return { sut: TestBed.inject(StacksStore), socket, client };
}

describe('StacksStore', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    TestBed.resetTestingModule();
    jest.useRealTimers();
  });

  it('fetches every stack on start (the lazy page may miss the connect push), sorted by name', async () => {
    const { sut, socket } = setup([aStack('zeta'), aStack('alpha')]);
    socket.fire('connect');
    expect(sut.loaded()).toBe(false);
    await jest.advanceTimersByTimeAsync(0);
    expect(sut.stacks().map((s) => s.name)).toEqual(['alpha', 'zeta']);
    expect(sut.loaded()).toBe(true);
  });

  it('keeps stacks pushed while the first fetch ran, and applies later deltas', async () => {
    const { sut, socket } = setup([aStack('a'), aStack('b')]);
    socket.fire('connect');
    socket.fire('docker_stacks:delta', aDelta({ changed: [aStack('b', 'pushed')] }));
    await jest.advanceTimersByTimeAsync(0);
    expect(names(new Map(sut.stacks().map((s) => [s.name, s])))).toEqual(['a:f1', 'b:pushed']);

    socket.fire('docker_stacks:delta', aDelta({ removed: ['a'] }));
    expect(sut.stacks().map((s) => s.name)).toEqual(['b']);
    expect(sut.stack('b')?.fingerprint).toBe('pushed');
    expect(sut.stack('a')).toBeNull();
  });

  it('lets a full push win over a slower first fetch', async () => {
    const { sut, socket } = setup([aStack('old')]);
    socket.fire('connect');
    socket.fire('docker_stacks:delta', aDelta({ full: true, changed: [aStack('new')] }));
    await jest.advanceTimersByTimeAsync(0);
    expect(sut.stacks().map((s) => s.name)).toEqual(['new']);
  });
});
